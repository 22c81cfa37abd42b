// Concrete chart colours per theme (colour-blind-friendly Okabe–Ito series colours).
import { createContext, useContext } from 'react';
import type { Theme } from './use_theme';

export interface Palette {
  background: string;
  fg: string;
  muted: string;
  grid: string;
  empty: string;
  diagonal: string;
  gapOver: string;
  gapUnder: string;
  series: string[];
}

const SERIES = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#D55E00', '#56B4E9', '#F0E442', '#999999'];

export const PALETTES: Record<Theme, Palette> = {
  light: {
    background: '#ffffff',
    fg: '#1b1f24',
    muted: '#5b6573',
    grid: '#e1e5ea',
    empty: '#c9ced6',
    diagonal: '#7d8794',
    gapOver: '#d55e00',
    gapUnder: '#0072b2',
    series: SERIES,
  },
  dark: {
    background: '#1b2027',
    fg: '#e6e9ee',
    muted: '#9aa5b3',
    grid: '#343c47',
    empty: '#4a525e',
    diagonal: '#9aa5b3',
    gapOver: '#ff8a50',
    gapUnder: '#56B4E9',
    series: ['#56B4E9', '#E69F00', '#3fd0a0', '#e08ac0', '#ff7a3d', '#8fd3ff', '#F0E442', '#bbbbbb'],
  },
};

export const PaletteContext = createContext<Palette>(PALETTES.light);
export const usePalette = (): Palette => useContext(PaletteContext);
