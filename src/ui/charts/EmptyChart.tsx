export function EmptyChart({ text }: { text: string }) {
  return <div className="chart-empty">{text}</div>;
}
