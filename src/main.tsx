import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { appStore } from './state/store';
import { listenForLinkChanges, loadFromLocation, startUrlSync } from './state/url_sync';
import { App } from './ui/App';
import { ErrorBoundary } from './ui/common/ErrorBoundary';
import { useLab } from './ui/runtime/lab_store';
import { startRunPersistence } from './ui/runtime/run_persistence';
import { confirmLinkReplace, guardLeaving } from './ui/runtime/unsaved_work';
import { resumeAfterReload } from './ui/run/restore_runs';
import { noteOpenedWithSettings } from './ui/methods/cpu_quick_default';
import { loseDeviceForTest } from './ui/run/trainer_controller';
import './ui/styles/app.css';

// Settings from the link first (warnings go to the banner), then keep the link in step.
noteOpenedWithSettings(loadFromLocation(appStore, window.location).hadSettings);
startUrlSync(appStore, { history: window.history, location: window.location });
listenForLinkChanges(appStore, window, window.location, { mayReplace: () => confirmLinkReplace(), history: window.history });

// Runs from earlier visits come back, and those a reload stopped go on from their checkpoints; new ones are saved as they go (IndexedDB).
void startRunPersistence({ onError: (m) => useLab.getState().setStorageError(m) }).then((p) => resumeAfterReload(p));
// Leaving while runs are active asks first.
guardLeaving(window);

// Test hooks for the e2e tests, only on a page opened with ?test-hooks (e2e/device_loss.spec.ts).
if (new URLSearchParams(window.location.search).has('test-hooks')) Object.assign(window, { __bloraTest: { loseDevice: loseDeviceForTest } });

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <ErrorBoundary>
      <App />
    </ErrorBoundary>
  </StrictMode>,
);
