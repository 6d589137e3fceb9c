// Entry point of the citizen web app. The Trusted Types policy comes first: it must exist
// before anything starts the Worker.
import './trusted-types.js';
import './components/techo-app.js';
