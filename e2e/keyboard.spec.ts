import { expect, test } from '@playwright/test';

test('controls are reachable by keyboard and show a focus ring', async ({ page }) => {
  await page.goto('./');
  await expect(page.getByTestId('dataset-current')).toContainText('Amazon Fine Food reviews');
  const seen: string[] = [];
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    const info = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el) return null;
      const cs = getComputedStyle(el);
      const label = el.getAttribute('aria-label') ?? el.closest('label')?.textContent?.trim().split('\n')[0] ?? el.textContent?.trim() ?? '';
      return { label, outline: cs.outlineStyle, width: parseFloat(cs.outlineWidth) };
    });
    expect(info, `tab stop ${i}`).not.toBeNull();
    expect(info!.outline, `focus ring on ${info!.label}`).toBe('solid');
    expect(info!.width).toBeGreaterThanOrEqual(2);
    seen.push(info!.label);
  }
  expect(seen.some((l) => l.includes('Colour theme'))).toBe(true);
  expect(seen.some((l) => l.includes('Built-in data set'))).toBe(true);
  expect(seen.some((l) => l.includes('Choose files'))).toBe(true);
});
