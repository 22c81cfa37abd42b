// Every method the lab compares, by kind.
import type { MethodKind } from './config';
import type { MethodModule } from './types';
import { loraMethod, loraXsMethod } from './deterministic';
import { bLoraXsMethod, swagLoraMethod } from './swag';
import { mcDropoutMethod } from './mc_dropout';
import { ensembleMethod } from './ensemble';
import { temperatureMethod } from './temperature';
import { laplaceMethod } from './laplace';

export const METHODS: Record<MethodKind, MethodModule> = {
  lora: loraMethod,
  'lora-xs': loraXsMethod,
  'b-lora-xs': bLoraXsMethod,
  'swag-lora': swagLoraMethod,
  'mc-dropout': mcDropoutMethod,
  temperature: temperatureMethod,
  ensemble: ensembleMethod,
  laplace: laplaceMethod,
};
