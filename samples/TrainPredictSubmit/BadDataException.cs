namespace TrainPredictSubmit;

/// <summary>The data folder or a checkpoint cannot be used; the message names the path and what is wrong.</summary>
internal sealed class BadDataException(string message) : Exception(message);
