using TrainPredictSubmit;

return SampleApp.Run(args);
