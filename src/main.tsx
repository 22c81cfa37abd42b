import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { appStore } from './state/store';
import { loadFromLocation, startUrlSync } from './state/url_sync';
import { App } from './ui/App';
import './ui/styles/app.css';

// Settings from the link first (warnings go to the banner), then keep the link in step.
loadFromLocation(appStore, window.location);
startUrlSync(appStore, { history: window.history, location: window.location });

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
