using NUnit.Framework.Interfaces;

/// <summary>
/// Prints one line per finished test case, and the message and stack of each failure, to the writer it was given: the
/// process's own standard output, since NUnit redirects <see cref="Console.Out"/> into each test's captured output.
/// </summary>
internal sealed class ConsoleListener(TextWriter output) : ITestListener
{
    /// <inheritdoc />
    public void TestStarted(ITest test)
    {
    }

    /// <inheritdoc />
    public void TestFinished(ITestResult result)
    {
        if (result.Test.IsSuite)
        {
            if (result.ResultState.Status == TestStatus.Failed && result.ResultState.Site != FailureSite.Child)
            {
                output.WriteLine($"SUITE FAILED {result.FullName}: {result.Message}");
            }

            return;
        }

        string status = result.ResultState.Status switch
        {
            TestStatus.Passed => "passed ",
            TestStatus.Failed => "FAILED ",
            TestStatus.Skipped => "skipped",
            _ => "inconcl",
        };
        output.WriteLine($"{status} {result.Duration,8:F3} s  {result.FullName}");
        if (result.ResultState.Status == TestStatus.Failed)
        {
            output.WriteLine(result.Message);
            output.WriteLine(result.StackTrace);
        }
        else if (result.ResultState.Status == TestStatus.Skipped && !string.IsNullOrEmpty(result.Message))
        {
            output.WriteLine($"        {result.Message}");
        }
    }

    /// <inheritdoc />
    public void TestOutput(TestOutput text)
    {
    }

    /// <inheritdoc />
    public void SendMessage(TestMessage message)
    {
    }
}
