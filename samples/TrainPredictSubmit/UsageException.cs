namespace TrainPredictSubmit;

/// <summary>The command line cannot be run as given; the message says which option and why.</summary>
internal sealed class UsageException(string message) : Exception(message);
