// A consumer of the IceCube.Reco package as a user would write it: simulate a tiny dataset, fit one epoch,
// predict the test events, write a submission. CI builds this against the packed .nupkg, not the source tree.
using IceCube.Reco.Compute;
using IceCube.Reco.Data;
using IceCube.Reco.Simulation;
using IceCube.Reco.Training;

string work = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "icecube-reco-consumer");
string root = Path.Combine(work, "data");
EventSimulator.WriteDataset(root, new SimulationOptions { Seed = 3, TrainEvents = 400, TestEvents = 60, EventsPerBatch = 250 });

using var device = Device.Cpu();
using var model = Model.FromPreset(device, ModelPreset.Notebook);
var data = KaggleDataset.Open(root);
var history = model.Fit(data, new FitOptions { Epochs = 1, BatchSize = 64 });

string submission = Path.Combine(work, "submission.csv");
Submission.Write(submission, model.Predict(data));
int rows = File.ReadLines(submission).Count() - 1;
if (rows != data.TestEventCount)
{
    Console.Error.WriteLine($"consumer: {rows} submission rows for {data.TestEventCount} test events");
    return 1;
}

Console.WriteLine($"consumer: {model.ParameterCount} parameters, {history.Epochs.Count} epoch, {rows} predictions written");
return 0;
