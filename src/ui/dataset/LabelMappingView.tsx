// Label values found in the file → class ids; numeric classes can be given display names.
import type { LabelMapping } from '../../data/types';

export function LabelMappingView({ labels, names, onNames }: { labels: LabelMapping; names: string[]; onNames: (n: string[]) => void }) {
  const numeric = labels.values.every((v) => /^\d+$/.test(v));
  return (
    <table data-testid="label-mapping">
      <caption className="small muted" style={{ textAlign: 'left' }}>
        Labels ({labels.values.length} classes)
      </caption>
      <thead>
        <tr>
          <th scope="col">Class id</th>
          <th scope="col">Value in file</th>
          <th scope="col">Display name</th>
        </tr>
      </thead>
      <tbody>
        {labels.values.map((v, i) => (
          <tr key={v}>
            <td>{i}</td>
            <td className="mono">{v}</td>
            <td>
              {numeric ? (
                <input
                  aria-label={`Name of class ${v}`}
                  value={names[i] ?? v}
                  onChange={(e) => onNames(labels.values.map((_, j) => (j === i ? e.target.value : (names[j] ?? labels.values[j]))))}
                />
              ) : (
                v
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
