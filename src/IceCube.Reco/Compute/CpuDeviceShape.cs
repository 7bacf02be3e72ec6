namespace IceCube.Reco.Compute;

/// <summary>The thread layout of an ILGPU CPU device: each simulated GPU thread is one OS thread.</summary>
internal readonly record struct CpuDeviceShape(int ThreadsPerWarp, int WarpsPerMultiprocessor, int Multiprocessors);
