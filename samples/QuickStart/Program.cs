// IceCube.Reco in one page: simulate a small dataset, build a network, train it, predict the test events, write a
// submission and score it against the simulated truth, beside the classic LineFit baseline.
//   dotnet run -c Release --project samples/QuickStart
using System.Diagnostics;
using IceCube.Reco.Compute;
using IceCube.Reco.Data;
using IceCube.Reco.Layers;
using IceCube.Reco.Simulation;
using IceCube.Reco.Training;

var clock = Stopwatch.StartNew();

// A dataset in the Kaggle layout, simulated on the first run (with the true directions of its test events) and
// reused by later runs. KaggleDataset.Open("path/to/kaggle") reads the competition's own data the same way.
var simulation = new SimulationOptions { Seed = 7, TrainEvents = 40_000, TestEvents = 2_000 };
var data = DatasetPreparer.Prepare(Path.Combine("data", "quickstart"), simulation);
Console.WriteLine($"data: {data.TrainEventCount:N0} train and {data.TestEventCount:N0} test events in {data.Root}");

// Conv1D -> bidirectional LSTM -> pooling -> dense, trained with the angular loss: the output is a direction
// vector, and the loss is the angle between it and the true direction. Device.Best() takes a CUDA GPU when there is
// one, else the CPU with its widest vector instructions.
using var device = Device.Best();
using var model = Model.Sequential(device, FeaturizationOptions.Centred, seed: 1)
    .Conv1D(16, kernelSize: 3, Activation.Relu)
    .BiLstm(32)
    .GlobalAveragePooling1D()
    .Dense(64, Activation.Relu)
    .Dense(3)
    .Compile(new Adam(learningRate: 3e-3), Loss.Angular);
Console.WriteLine($"device: {device}");
Console.WriteLine(model.Summary());

// One pass over the training events in small batches; 5 % of them are held out to score the epoch.
var fit = new FitOptions
{
    Epochs = 1,
    BatchSize = 32,
    Schedule = LearningRateSchedule.Cosine(finalFraction: 0.1),
    ClipGradientNorm = 1.0,
};
var history = model.Fit(data, fit);
Console.WriteLine($"trained at {history.TrainEventsPerSecond:N0} events/s, " +
    $"validation error {history.BestValidationAngularError:F3} rad");

// Predict every test event in test-meta order and write the competition's submission file.
var predictions = model.Predict(data).ToList();
Submission.Write(Path.Combine("out", "quickstart", "submission.csv"), predictions);

// Score: the mean angle between predicted and true direction (the competition metric; lower is better).
var truth = data.ReadTestTruth();
Console.WriteLine($"model:   mean angular error {truth.Score(predictions).Mean:F3} rad on {predictions.Count:N0} test events");
Console.WriteLine($"LineFit: mean angular error {truth.Score(LineFitBaseline.Predict(data)).Mean:F3} rad");
Console.WriteLine($"done in {clock.Elapsed.TotalSeconds:F0} s; submission in out/quickstart/submission.csv");
