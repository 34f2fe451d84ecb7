using System.Globalization;

namespace Clusternet.ControlPlane.Api.Discovery;

/// <summary>
/// The coarse durations kubectl prints in AGE columns (apimachinery's <c>HumanDuration</c> rules): seconds up to
/// two minutes, minutes and seconds below ten minutes, then minutes, hours and minutes, hours, days and hours,
/// days, years and days, years.
/// </summary>
public static class HumanDuration
{
    /// <summary>Formats a duration; a duration up to two seconds negative counts as now (clock skew).</summary>
    /// <param name="duration">The elapsed time.</param>
    public static string Format(TimeSpan duration)
    {
        var seconds = (long)duration.TotalSeconds;
        if (seconds < -1)
        {
            return "<invalid>";
        }

        if (seconds < 0)
        {
            return "0s";
        }

        if (seconds < 120)
        {
            return Invariant($"{seconds}s");
        }

        var minutes = seconds / 60;
        if (minutes < 10)
        {
            var s = seconds % 60;
            return s == 0 ? Invariant($"{minutes}m") : Invariant($"{minutes}m{s}s");
        }

        if (minutes < 180)
        {
            return Invariant($"{minutes}m");
        }

        var hours = minutes / 60;
        if (hours < 8)
        {
            var m = minutes % 60;
            return m == 0 ? Invariant($"{hours}h") : Invariant($"{hours}h{m}m");
        }

        if (hours < 48)
        {
            return Invariant($"{hours}h");
        }

        var days = hours / 24;
        if (hours < 24 * 8)
        {
            var h = hours % 24;
            return h == 0 ? Invariant($"{days}d") : Invariant($"{days}d{h}h");
        }

        if (hours < 24 * 365 * 2)
        {
            return Invariant($"{days}d");
        }

        var years = days / 365;
        if (hours < 24 * 365 * 8)
        {
            var d = days % 365;
            return d == 0 ? Invariant($"{years}y") : Invariant($"{years}y{d}d");
        }

        return Invariant($"{years}y");
    }

    /// <summary>The age of a timestamp as kubectl prints it: <c>&lt;unknown&gt;</c> when it is absent.</summary>
    /// <param name="timestamp">The RFC 3339 timestamp, or null.</param>
    /// <param name="now">The current time.</param>
    public static string Since(DateTimeOffset? timestamp, DateTimeOffset now) =>
        timestamp is { } t ? Format(now - t) : "<unknown>";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
