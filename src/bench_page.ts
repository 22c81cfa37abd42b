// Entry of bench.html (filled in by the next commits).
document.getElementById('status')!.textContent = 'not implemented yet';
