import { it } from 'vitest';
import { WasmKernels } from '/work/main/src/engine/wasm/wasm_kernels';
import { lcgValues } from '/work/main/src/bench/peers/tfjs_matmul';
it('bench', async () => {
  const W = await WasmKernels.create({ threads: 1 });
  for (const [M,K,N] of [[512,512,512],[1024,1024,1024],[2048,128,128],[2048,128,512],[2048,512,128],[128,64,128]]) {
    const a = lcgValues(M*K,1), b = lcgValues(K*N,2);
    for (let i=0;i<3;i++) W.matmul(a,b,M,K,N,{transB:true});
    const ts=[]; const reps = M*N*K > 1e8 ? 5 : 20;
    for (let r=0;r<reps;r++){ const t0=performance.now(); W.matmul(a,b,M,K,N,{transB:true}); ts.push(performance.now()-t0);}
    ts.sort((x,y)=>x-y); const ms=ts[ts.length>>1];
    console.log(M,K,N, ms.toFixed(3),'ms', (2*M*N*K/ms/1e6).toFixed(1),'GFLOP/s');
  }
});
