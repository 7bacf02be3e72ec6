namespace IceCube.Reco.Training;

/// <summary>A named float32 tensor on the host, as a checkpoint stores it ("dense_0/kernel", shape, row-major data).</summary>
internal sealed record NamedTensor(string Name, int[] Shape, float[] Data);
