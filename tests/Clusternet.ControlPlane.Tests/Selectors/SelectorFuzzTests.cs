using System.Diagnostics;
using System.Text;
using Clusternet.ControlPlane.Selectors;

namespace Clusternet.ControlPlane.Tests.Selectors;

/// <summary>Random text over the selector alphabet: parsing never fails other than with a parse error, and round-trips.</summary>
public sealed class SelectorFuzzTests
{
    private const string Alphabet = "ab=!(),<> \t-_./\\9inotin\0Z";
    private static readonly string[] Words = ["in", "notin", "a", "b.c/d", "1", "-", "(", ")", ",", "=", "==", "!=", "!", ">", "<", " ", "x_y"];

    [Fact]
    public void Random_label_selectors_parse_or_fail_with_a_parse_error_and_round_trip()
    {
        var random = new Random(20240611);
        var watch = Stopwatch.StartNew();
        var valid = 0;
        for (var i = 0; i < 5000; i++)
        {
            var text = RandomText(random);
            LabelSelector selector;
            try
            {
                selector = LabelSelector.Parse(text);
            }
            catch (SelectorParseException)
            {
                continue;
            }

            valid++;
            var printed = selector.ToString();
            var reparsed = LabelSelector.Parse(printed);
            Assert.Equal(printed, reparsed.ToString());
            Assert.Equal(
                selector.Requirements.Select(r => (r.Key, r.Operator, string.Join('|', r.Values))),
                reparsed.Requirements.Select(r => (r.Key, r.Operator, string.Join('|', r.Values))));
        }

        Assert.True(valid > 100, $"only {valid} random selectors were valid");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }

    [Fact]
    public void Random_field_selectors_parse_or_fail_with_a_parse_error_and_round_trip()
    {
        var random = new Random(7);
        var watch = Stopwatch.StartNew();
        var valid = 0;
        for (var i = 0; i < 5000; i++)
        {
            var text = RandomText(random);
            FieldSelector selector;
            try
            {
                selector = FieldSelector.Parse(text);
            }
            catch (SelectorParseException)
            {
                continue;
            }

            valid++;
            var printed = selector.ToString();
            var reparsed = FieldSelector.Parse(printed);
            Assert.Equal(printed, reparsed.ToString());
            Assert.Equal(selector.Requirements, reparsed.Requirements);
        }

        Assert.True(valid > 100, $"only {valid} random selectors were valid");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }

    private static string RandomText(Random random)
    {
        var builder = new StringBuilder();
        var length = random.Next(0, 12);
        for (var j = 0; j < length; j++)
        {
            if (random.Next(3) == 0)
            {
                builder.Append(Alphabet[random.Next(Alphabet.Length)]);
            }
            else
            {
                builder.Append(Words[random.Next(Words.Length)]);
            }
        }

        return builder.ToString();
    }
}
