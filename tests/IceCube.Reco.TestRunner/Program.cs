using System.Reflection;
using System.Text.RegularExpressions;
using NUnit.Framework.Api;
using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;

// Usage: IceCube.Reco.TestRunner [--match REGEX] [--xml PATH]
//   --match REGEX  run only the tests whose full name matches REGEX (e.g. '[(,] ?cuda[,)]': every CUDA case,
//                  whatever its other arguments)
//   --xml PATH     write NUnit's XML result there
// Exit code: 0 when no test failed and at least one ran, 1 when a test failed, 2 for a usage error or nothing run.
string? match = null;
string? xmlPath = null;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--match" when i + 1 < args.Length:
            match = args[++i];
            break;
        case "--xml" when i + 1 < args.Length:
            xmlPath = args[++i];
            break;
        default:
            Console.Error.WriteLine($"unknown or incomplete argument '{args[i]}'; usage: [--match REGEX] [--xml PATH]");
            return 2;
    }
}

if (match is not null)
{
    try
    {
        _ = new Regex(match);
    }
    catch (ArgumentException e)
    {
        Console.Error.WriteLine($"--match: '{match}' is not a regular expression: {e.Message}");
        return 2;
    }
}

Assembly tests = typeof(TestDeviceTeardown).Assembly;
var runner = new NUnitTestAssemblyRunner(new DefaultTestAssemblyBuilder());
runner.Load(tests, new Dictionary<string, object>());
ITestFilter filter = match is null
    ? TestFilter.Empty
    : TestFilter.FromXml($"<filter><test re=\"1\">{System.Security.SecurityElement.Escape(match)}</test></filter>");

var clock = System.Diagnostics.Stopwatch.StartNew();
ITestResult result = runner.Run(new ConsoleListener(Console.Out), filter);
clock.Stop();

if (xmlPath is not null)
{
    string temporary = xmlPath + ".tmp";
    File.WriteAllText(temporary, result.ToXml(true).OuterXml);
    File.Move(temporary, xmlPath, overwrite: true);
}

int run = result.PassCount + result.FailCount + result.InconclusiveCount;
Console.WriteLine(
    $"{result.PassCount} passed, {result.FailCount} failed, {result.SkipCount} skipped " +
    $"({result.InconclusiveCount} inconclusive) in {clock.Elapsed.TotalSeconds:F1} s");
return result.FailCount > 0 ? 1 : run == 0 ? 2 : 0;
