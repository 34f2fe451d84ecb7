using System.Text;
using Clusternet.ControlPlane.Simulation.Exec;

namespace Clusternet.ControlPlane.Tests.Simulation;

public class SimulatedShellTests
{
    private static readonly SimulatedShell Shell = new("pod-1", [new("PATH", "/bin"), new("HOSTNAME", "pod-1"), new("GREETING", "hello")]);

    [Theory]
    [InlineData(new[] { "sh", "-c", "echo 'a  b' \"c d\" e\\ f" }, "a  b c d e f\n")]
    [InlineData(new[] { "/bin/echo", "-n", "x" }, "x")]
    [InlineData(new[] { "printenv", "GREETING" }, "hello\n")]
    [InlineData(new[] { "bash", "-c", "hostname" }, "pod-1\n")]
    public async Task CommandsWriteWhatAShellWould(string[] command, string expected)
    {
        var (code, stdout, _) = await RunAsync(command);

        Assert.Equal((0, expected), (code, stdout));
    }

    [Theory]
    [InlineData(new[] { "false" }, 1)]
    [InlineData(new[] { "exit", "300" }, 44)]
    [InlineData(new[] { "printenv", "MISSING" }, 1)]
    [InlineData(new[] { "sh", "-c", "echo 'open" }, 2)]
    [InlineData(new[] { "ls" }, 127)]
    public async Task ExitCodesAreAShells(string[] command, int expected)
    {
        var (code, _, _) = await RunAsync(command);

        Assert.Equal(expected, code);
    }

    [Fact]
    public async Task ShWithoutScriptRunsCommandsFromStdinUntilExit()
    {
        var (code, stdout, stderr) = await RunAsync(["sh"], "echo one\nnope\nexit 5\necho never\n");

        Assert.Equal((5, "one\n", "nope: command not found\n"), (code, stdout, stderr));
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string[] command, string stdin = "")
    {
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(stdin));
        using var stdout = new MemoryStream();
        using var stderr = new MemoryStream();
        var code = await Shell.RunAsync(command, input, stdout, stderr, CancellationToken.None);
        return (code, Encoding.UTF8.GetString(stdout.ToArray()), Encoding.UTF8.GetString(stderr.ToArray()));
    }
}
