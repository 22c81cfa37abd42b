// Choices of how calibration and OOD detection are measured (docs/METHOD.md §5).

export type Binning = 'width' | 'mass';
export type BinCount = 10 | 15 | 20;
/** OOD score; by convention a higher score means "more likely out of distribution". */
export type OodScoreKind = 'entropy' | 'mi' | 'maxprob';
