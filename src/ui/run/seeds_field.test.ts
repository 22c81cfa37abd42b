import { describe, expect, it } from 'vitest';
import { parseSeeds } from './SeedsField';

describe('parseSeeds', () => {
  it('reads a comma list of distinct whole numbers and says what is wrong otherwise', () => {
    expect(parseSeeds('0, 1,2 ,')).toEqual({ seeds: [0, 1, 2] });
    expect(parseSeeds('')).toEqual({ error: 'give at least one seed' });
    expect(parseSeeds('1, 1')).toEqual({ error: 'each seed once' });
    expect(parseSeeds('1.5')).toEqual({ error: 'seeds are whole numbers from 0 to 4294967295' });
    expect(parseSeeds('-1')).toEqual({ error: 'seeds are whole numbers from 0 to 4294967295' });
    expect(parseSeeds('0,1,2,3,4,5,6,7,8,9,10')).toEqual({ error: 'at most 10 seeds' });
  });
});
