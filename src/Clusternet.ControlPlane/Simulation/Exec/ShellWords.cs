using System.Text;

namespace Clusternet.ControlPlane.Simulation.Exec;

/// <summary>
/// Splits a <c>sh -c</c> script into words the way a POSIX shell does for the simple commands the simulation runs:
/// blanks separate words, single quotes keep everything literal, double quotes keep blanks, a backslash escapes the next
/// character. No expansion, pipes or lists.
/// </summary>
internal static class ShellWords
{
    /// <summary>The words, or null when a quote is left open.</summary>
    public static IReadOnlyList<string>? Split(string script)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < script.Length; i++)
        {
            var c = script[i];
            switch (c)
            {
                case ' ' or '\t' or '\n':
                    if (inWord)
                    {
                        words.Add(word.ToString());
                        word.Clear();
                        inWord = false;
                    }

                    continue;
                case '\'':
                    var close = script.IndexOf('\'', i + 1);
                    if (close < 0)
                    {
                        return null;
                    }

                    word.Append(script, i + 1, close - i - 1);
                    i = close;
                    break;
                case '"':
                    var end = i + 1;
                    for (; end < script.Length && script[end] != '"'; end++)
                    {
                        if (script[end] == '\\' && end + 1 < script.Length && script[end + 1] is '"' or '\\' or '$' or '`')
                        {
                            end++;
                        }

                        word.Append(script[end]);
                    }

                    if (end >= script.Length)
                    {
                        return null;
                    }

                    i = end;
                    break;
                case '\\' when i + 1 < script.Length:
                    word.Append(script[++i]);
                    break;
                default:
                    word.Append(c);
                    break;
            }

            inWord = true;
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }
}
