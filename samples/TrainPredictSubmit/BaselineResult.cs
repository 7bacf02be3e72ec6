namespace TrainPredictSubmit;

/// <summary>The LineFit directions of every test event, and the event chosen for the display.</summary>
/// <param name="Azimuth">LineFit azimuth of each test event (rad), in test order.</param>
/// <param name="Zenith">LineFit zenith of each test event (rad).</param>
/// <param name="Display">The event shown in event_display.png.</param>
internal sealed record BaselineResult(double[] Azimuth, double[] Zenith, EventDisplayData Display);
