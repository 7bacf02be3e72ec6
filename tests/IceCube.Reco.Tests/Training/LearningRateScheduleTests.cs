using IceCube.Reco.Training;

namespace IceCube.Reco.Tests.Training;

[TestFixture]
internal sealed class LearningRateScheduleTests
{
    [Test]
    public void Constant_IsOneEverywhere()
    {
        foreach (long step in new long[] { 0, 1, 99, 5000 })
        {
            Assert.That(LearningRateSchedule.Constant.Factor(step, 100), Is.EqualTo(1.0));
        }
    }

    [Test]
    public void Cosine_WithoutWarmup_GoesFromOneToTheFinalFraction()
    {
        var schedule = LearningRateSchedule.Cosine(finalFraction: 0.1);

        // 11 steps: progress (s / 10), factor 0.1 + 0.9 * (1 + cos(pi * s / 10)) / 2, worked by hand.
        Assert.That(schedule.Factor(0, 11), Is.EqualTo(1.0).Within(1e-12));
        Assert.That(schedule.Factor(5, 11), Is.EqualTo(0.55).Within(1e-12));
        Assert.That(schedule.Factor(10, 11), Is.EqualTo(0.1).Within(1e-12));
        Assert.That(schedule.Factor(20, 11), Is.EqualTo(0.1).Within(1e-12), "past the end it stays at the floor");
        double quarter = 0.1 + (0.9 * (1 + Math.Cos(Math.PI * 0.25)) / 2);
        Assert.That(schedule.Factor(25, 101), Is.EqualTo(quarter).Within(1e-12));
    }

    [Test]
    public void Cosine_WarmsUpLinearly()
    {
        var schedule = LearningRateSchedule.Cosine(finalFraction: 0.0, warmupSteps: 4);
        Assert.That(schedule.Factor(0, 14), Is.EqualTo(0.25));
        Assert.That(schedule.Factor(3, 14), Is.EqualTo(1.0));
        Assert.That(schedule.Factor(4, 14), Is.EqualTo(1.0).Within(1e-12), "the cosine starts at 1 after warm-up");
        Assert.That(schedule.Factor(13, 14), Is.Positive.And.LessThan(1e-6), "the last step nearly reaches 0 but stays positive");
    }

    [Test]
    public void BadArguments_AreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedule.Cosine(finalFraction: 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedule.Cosine(warmupSteps: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedule.Constant.Factor(-1, 10));
    }
}
