// Shared helpers for the end-to-end tests.
import type { BrowserContext, Page } from '@playwright/test';
import { defaultShareableState } from '../src/state/defaults';
import { methodDefaults } from '../src/methods/settings';
import type { ShareableState } from '../src/state/types';
import { buildHash } from '../src/state/url_codec';
import { routeTinyModelLogged } from './model_routes';

/** A link (relative to baseURL) carrying these settings. */
export function linkFor(patch: Partial<ShareableState>): string {
  return './' + buildHash({ ...defaultShareableState(), ...patch });
}

/**
 * Serves the 2-layer, width-32 tiny-bert test fixture (src/model/__fixtures__/tiny-bert) in place
 * of the embedded model, so training runs in seconds on SwiftShader / the CPU backend.
 */
export async function routeTinyModel(context: BrowserContext): Promise<void> {
  await routeTinyModelLogged(context);
}

/** Two tiny methods: LoRA-XS and B-LoRA-XS (SWAG collected every step, K = 2, S = 2). */
export function tinyMethods(): ShareableState['methods'] {
  const small = { r: 2, epochs: 2, batch: 8, targets: ['query', 'value'] as ShareableState['methods'][number]['targets'] };
  return [
    { ...methodDefaults('lora-xs'), ...small },
    { ...methodDefaults('b-lora-xs'), ...small, K: 2, S: 2, swagStart: 1, swagAnnealEpochs: 1, collectEverySteps: 1 },
  ];
}

/** Fails the test on uncaught page errors. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}
