// Entry point of the citizen web app. The Trusted Types policy comes first: it must exist
// before anything starts the Worker.
import './trusted-types.js';
import './components/techo-app.js';

// The app shell (not the records) is cached by a service worker of this origin, so the page
// opens with no network after the first visit; the records stay in the encrypted vault.
// Only in a build: the dev server serves modules the worker's list does not name.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  void navigator.serviceWorker.register('./sw.js').catch(() => undefined);
}
