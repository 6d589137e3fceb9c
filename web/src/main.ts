// Entry point of the citizen web app.
import './components/techo-app.js';
