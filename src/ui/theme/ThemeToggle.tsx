import type { ThemeChoice } from './use_theme';

export function ThemeToggle({ choice, onChange }: { choice: ThemeChoice; onChange: (c: ThemeChoice) => void }) {
  return (
    <label className="inline">
      Theme
      <select aria-label="Colour theme" value={choice} onChange={(e) => onChange(e.target.value as ThemeChoice)}>
        <option value="system">System</option>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
      </select>
    </label>
  );
}
