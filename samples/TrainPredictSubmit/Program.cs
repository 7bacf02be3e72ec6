Console.WriteLine("TrainPredictSubmit: the train -> predict -> submit flow is being built.");
