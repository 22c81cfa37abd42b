export function App() {
  return <main><h1>B-LoRA-XS calibration lab</h1></main>;
}
