using System.Text;

namespace Clusternet.ControlPlane.Simulation.Exec;

/// <summary>
/// What a simulated container runs when exec'd into: no process starts, a handful of commands are answered in memory
/// with the exit codes a busybox shell gives — <c>echo</c>, <c>cat</c>, <c>hostname</c>, <c>env</c>/<c>printenv</c>,
/// <c>true</c>, <c>false</c>, <c>exit N</c>, and <c>sh -c "&lt;one of those&gt;"</c> (or <c>sh</c> reading such lines from
/// stdin). Anything else is <c>&lt;cmd&gt;: command not found</c> on stderr and exit code 127.
/// </summary>
internal sealed class SimulatedShell(string hostname, IReadOnlyList<KeyValuePair<string, string>> environment)
{
    private const int CommandNotFound = 127;

    /// <summary>Runs <paramref name="command"/> to completion and returns its exit code.</summary>
    public async Task<int> RunAsync(IReadOnlyList<string> command, Stream stdin, Stream stdout, Stream stderr, CancellationToken cancellationToken)
    {
        if (command.Count == 0)
        {
            return 0;
        }

        var name = Path.GetFileName(command[0]);
        var args = command.Skip(1).ToArray();
        switch (name)
        {
            case "echo":
                var newline = args is not ["-n", ..];
                var text = string.Join(' ', newline ? args : args[1..]) + (newline ? "\n" : string.Empty);
                await WriteAsync(stdout, text, cancellationToken).ConfigureAwait(false);
                return 0;
            case "cat" when args.Length == 0 || args is ["-"]:
                await stdin.CopyToAsync(stdout, cancellationToken).ConfigureAwait(false);
                return 0;
            case "cat":
                foreach (var file in args)
                {
                    await WriteAsync(stderr, $"cat: can't open '{file}': No such file or directory\n", cancellationToken).ConfigureAwait(false);
                }

                return 1;
            case "hostname":
                await WriteAsync(stdout, hostname + "\n", cancellationToken).ConfigureAwait(false);
                return 0;
            case "env" when args.Length == 0:
            case "printenv" when args.Length == 0:
                await WriteAsync(stdout, string.Concat(environment.Select(e => e.Key + "=" + e.Value + "\n")), cancellationToken).ConfigureAwait(false);
                return 0;
            case "printenv":
                var found = args.Select(a => environment.LastOrDefault(e => e.Key == a)).Where(e => e.Key is not null).ToList();
                await WriteAsync(stdout, string.Concat(found.Select(e => e.Value + "\n")), cancellationToken).ConfigureAwait(false);
                return found.Count == args.Length ? 0 : 1;
            case "true":
                return 0;
            case "false":
                return 1;
            case "exit":
                return ExitCode(args);
            case "sh" or "bash" or "ash" when args is ["-c", var script, ..]:
                var words = ShellWords.Split(script);
                return words is null ? await SyntaxErrorAsync(stderr, name, cancellationToken).ConfigureAwait(false) : await RunAsync(words, stdin, stdout, stderr, cancellationToken).ConfigureAwait(false);
            case "sh" or "bash" or "ash" when args.Length == 0:
                return await InteractiveAsync(name, stdin, stdout, stderr, cancellationToken).ConfigureAwait(false);
            default:
                await WriteAsync(stderr, command[0] + ": command not found\n", cancellationToken).ConfigureAwait(false);
                return CommandNotFound;
        }
    }

    /// <summary>A shell without <c>-c</c> reads one command per line from stdin until <c>exit</c> or the end of stdin.</summary>
    private async Task<int> InteractiveAsync(string shell, Stream stdin, Stream stdout, Stream stderr, CancellationToken cancellationToken)
    {
        var last = 0;
        var line = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            // One byte at a time so that a command like cat, run from this shell, reads the rest of stdin unconsumed.
            var read = await stdin.ReadAsync(one, cancellationToken).ConfigureAwait(false);
            if (read == 1 && one[0] != (byte)'\n')
            {
                line.Add(one[0]);
                continue;
            }

            var words = ShellWords.Split(Encoding.UTF8.GetString([.. line]).TrimEnd('\r'));
            line.Clear();
            if (words is null)
            {
                last = await SyntaxErrorAsync(stderr, shell, cancellationToken).ConfigureAwait(false);
            }
            else if (words is ["exit", ..])
            {
                return words.Count > 1 ? ExitCode([.. words.Skip(1)]) : last;
            }
            else if (words.Count > 0)
            {
                last = await RunAsync(words, stdin, stdout, stderr, cancellationToken).ConfigureAwait(false);
            }

            if (read == 0)
            {
                return last;
            }
        }
    }

    private static int ExitCode(string[] args) =>
        args.Length == 0 ? 0 : int.TryParse(args[0], out var code) ? code & 0xff : 2;

    private static async Task<int> SyntaxErrorAsync(Stream stderr, string shell, CancellationToken cancellationToken)
    {
        await WriteAsync(stderr, shell + ": syntax error: unterminated quoted string\n", cancellationToken).ConfigureAwait(false);
        return 2;
    }

    private static Task WriteAsync(Stream stream, string text, CancellationToken cancellationToken) =>
        text.Length == 0 ? Task.CompletedTask : stream.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken).AsTask();
}
