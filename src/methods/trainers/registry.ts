// Every method the lab compares, by kind: its catalog entry (config.ts) joined with its trainer.
// Adding a method: its kind and catalog entry in config.ts, its file, and its line here.
import { METHOD_CATALOG, METHOD_KINDS, type MethodKind } from '../config';
import type { MethodModule, MethodTrainer } from '../common/types';
import { loraMethod, loraXsMethod } from './deterministic';
import { bLoraXsMethod, swagLoraMethod } from './swag';
import { mcDropoutMethod } from './mc_dropout';
import { ensembleMethod } from './ensemble';
import { temperatureMethod } from './temperature';
import { laplaceMethod } from './laplace';

const TRAINERS: Record<MethodKind, MethodTrainer> = {
  lora: loraMethod,
  'lora-xs': loraXsMethod,
  'b-lora-xs': bLoraXsMethod,
  'swag-lora': swagLoraMethod,
  'mc-dropout': mcDropoutMethod,
  temperature: temperatureMethod,
  ensemble: ensembleMethod,
  laplace: laplaceMethod,
};

export const METHODS = Object.fromEntries(METHOD_KINDS.map((k) => [k, { ...METHOD_CATALOG[k], ...TRAINERS[k] }])) as Record<MethodKind, MethodModule>;
