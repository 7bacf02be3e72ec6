namespace IceCube.Reco.Data;

/// <summary>Column types the Kaggle files use, named by the values they hold.</summary>
internal enum ParquetColumnType
{
    /// <summary>BOOLEAN.</summary>
    Boolean,

    /// <summary>INT32 physical storage with the INT(16, signed) logical type, as pyarrow writes int16.</summary>
    Int16,

    /// <summary>INT32.</summary>
    Int32,

    /// <summary>INT64.</summary>
    Int64,

    /// <summary>FLOAT (32 bit).</summary>
    Float,

    /// <summary>DOUBLE (64 bit).</summary>
    Double,
}
