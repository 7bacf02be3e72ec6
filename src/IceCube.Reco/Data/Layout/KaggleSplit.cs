namespace IceCube.Reco.Data;

/// <summary>The two halves of the Kaggle layout: each has its meta file and its folder of batch files.</summary>
internal enum KaggleSplit
{
    /// <summary>train_meta.parquet and train/batch_n.parquet, with targets.</summary>
    Train,

    /// <summary>test_meta.parquet and test/batch_n.parquet, without targets.</summary>
    Test,
}
