using System.Globalization;
using System.Net;
using System.Net.Mail;
using System.Text.RegularExpressions;

namespace Clusternet.ControlPlane.Validation;

/// <summary>
/// The string formats kube-apiserver checks in custom resources (kube-openapi's default registry), keyed by the
/// format name without dashes (<c>date-time</c> is <c>datetime</c>). Each check follows the Go function behind it.
/// </summary>
internal static partial class StringFormats
{
    public static bool IsValid(string normalizedFormat, string value) => normalizedFormat switch
    {
        "byte" => Base64Regex().IsMatch(value),
        "date" => IsDate(value),
        "datetime" => IsDateTime(value),
        "uuid" => UuidRegex().IsMatch(value),
        "uuid3" => Uuid3Regex().IsMatch(value),
        "uuid4" => Uuid4Regex().IsMatch(value),
        "uuid5" => Uuid5Regex().IsMatch(value),
        "ipv4" => IsIPv4(value),
        "ipv6" => IsIPv6(value),
        "cidr" => IsCidr(value),
        "mac" => MacRegex().IsMatch(value),
        "hostname" => IsHostname(value),
        "uri" => IsRequestUri(value),
        "email" => MailAddress.TryCreate(value, out _),
        "duration" => GoDurationRegex().IsMatch(value) || value == "0" || UnitDurationRegex().IsMatch(value),
        "bsonobjectid" => ObjectIdRegex().IsMatch(value),
        "hexcolor" => HexColorRegex().IsMatch(value),
        "rgbcolor" => RgbColorRegex().IsMatch(value),
        "ssn" => SsnRegex().IsMatch(value),
        "isbn" => IsIsbn10(value) || IsIsbn13(value),
        "isbn10" => IsIsbn10(value),
        "isbn13" => IsIsbn13(value),
        "creditcard" => IsCreditCard(value),
        _ => true,
    };

    // Go's time.Parse with layout 2006-01-02: exactly four, two and two digits, and a real calendar day.
    private static bool IsDate(string value) =>
        DateRegex().IsMatch(value) && DateTime.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    // kube-openapi splits at the first "t" (case-insensitively), checks the date, then a time of day with an
    // optional fraction and a zone, comparing hours, minutes and seconds as text (so 23:59:59 at most).
    private static bool IsDateTime(string value)
    {
        if (value.Length < 4)
        {
            return false;
        }

        var parts = value.ToLowerInvariant().Split('t');
        if (parts.Length < 2 || !IsDate(parts[0]))
        {
            return false;
        }

        var match = TimeRegex().Match(parts[1]);
        return match.Success
            && string.CompareOrdinal(match.Groups[1].Value, "23") <= 0
            && string.CompareOrdinal(match.Groups[2].Value, "59") <= 0
            && string.CompareOrdinal(match.Groups[3].Value, "59") <= 0;
    }

    // Kubernetes' sloppy IPv4 parser: four dotted decimal octets, leading zeros allowed.
    private static bool IsIPv4(string value)
    {
        var parts = value.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        foreach (var part in parts)
        {
            if (part.Length is 0 or > 3 || !part.All(char.IsAsciiDigit) || int.Parse(part, CultureInfo.InvariantCulture) > 255)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsIPv6(string value) =>
        value.Contains(':', StringComparison.Ordinal) && !value.Contains('%', StringComparison.Ordinal)
        && !value.Contains('[', StringComparison.Ordinal) && IPAddress.TryParse(value, out var address)
        && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;

    private static bool IsCidr(string value)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return false;
        }

        var address = value[..slash];
        var prefix = value[(slash + 1)..];
        if (prefix.Length is 0 or > 3 || !prefix.All(char.IsAsciiDigit))
        {
            return false;
        }

        var bits = int.Parse(prefix, CultureInfo.InvariantCulture);
        return IsIPv4(address) ? bits <= 32 : IsIPv6(address) && bits <= 128;
    }

    private static bool IsHostname(string value)
    {
        if (value.Length > 255 || !HostnameRegex().IsMatch(value))
        {
            return false;
        }

        foreach (var label in value.Split('.'))
        {
            if (label.Length > 63)
            {
                return false;
            }
        }

        return true;
    }

    // Go's url.ParseRequestURI: an absolute URI, or an absolute path.
    private static bool IsRequestUri(string value) =>
        value.Length > 0 && !value.Any(char.IsWhiteSpace)
        && (value[0] == '/' || Uri.TryCreate(value, UriKind.Absolute, out _));

    private static bool IsIsbn10(string value)
    {
        var digits = value.Replace("-", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal);
        if (digits.Length != 10)
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            if (!char.IsAsciiDigit(digits[i]))
            {
                return false;
            }

            sum += (i + 1) * (digits[i] - '0');
        }

        sum += digits[9] == 'X' ? 100 : char.IsAsciiDigit(digits[9]) ? 10 * (digits[9] - '0') : int.MinValue / 2;
        return sum >= 0 && sum % 11 == 0;
    }

    private static bool IsIsbn13(string value)
    {
        var digits = value.Replace("-", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal);
        if (digits.Length != 13 || !digits.All(char.IsAsciiDigit))
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 12; i++)
        {
            sum += (digits[i] - '0') * (i % 2 == 0 ? 1 : 3);
        }

        return (10 - (sum % 10)) % 10 == digits[12] - '0';
    }

    private static bool IsCreditCard(string value)
    {
        var digits = new string([.. value.Where(char.IsAsciiDigit)]);
        if (!CreditCardRegex().IsMatch(digits))
        {
            return false;
        }

        var sum = 0;
        var doubled = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if (doubled)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            doubled = !doubled;
        }

        return sum % 10 == 0;
    }

    [GeneratedRegex("^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$")]
    private static partial Regex Base64Regex();

    [GeneratedRegex("^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    private static partial Regex DateRegex();

    [GeneratedRegex("^([0-9]{2}):([0-9]{2}):([0-9]{2})(.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))$")]
    private static partial Regex TimeRegex();

    [GeneratedRegex("^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$")]
    private static partial Regex UuidRegex();

    [GeneratedRegex("^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?3[0-9a-fA-F]{3}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$")]
    private static partial Regex Uuid3Regex();

    [GeneratedRegex("^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?4[0-9a-fA-F]{3}-?[89abAB][0-9a-fA-F]{3}-?[0-9a-fA-F]{12}$")]
    private static partial Regex Uuid4Regex();

    [GeneratedRegex("^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?5[0-9a-fA-F]{3}-?[89abAB][0-9a-fA-F]{3}-?[0-9a-fA-F]{12}$")]
    private static partial Regex Uuid5Regex();

    [GeneratedRegex("^(?:[0-9a-fA-F]{2}(?:[:-][0-9a-fA-F]{2}){5}|[0-9a-fA-F]{2}(?:[:-][0-9a-fA-F]{2}){7}|[0-9a-fA-F]{2}(?:[:-][0-9a-fA-F]{2}){19}|[0-9a-fA-F]{4}(?:\\.[0-9a-fA-F]{4}){2}|[0-9a-fA-F]{4}(?:\\.[0-9a-fA-F]{4}){3}|[0-9a-fA-F]{4}(?:\\.[0-9a-fA-F]{4}){9})$")]
    private static partial Regex MacRegex();

    [GeneratedRegex(@"^([a-zA-Z0-9\p{S}\p{L}]((-?[a-zA-Z0-9\p{S}\p{L}]{0,62})?)|([a-zA-Z0-9\p{S}\p{L}](([a-zA-Z0-9\-\p{S}\p{L}]{0,61}[a-zA-Z0-9\p{S}\p{L}])?)(\.)){1,}([a-zA-Z\p{L}]){2,63})$")]
    private static partial Regex HostnameRegex();

    [GeneratedRegex("^[-+]?(?:(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:ns|us|µs|μs|ms|s|m|h))+$")]
    private static partial Regex GoDurationRegex();

    [GeneratedRegex("^[0-9]+\\s*(?:ns|nanos?|nanoseconds?|us|µs|micros?|microseconds?|ms|millis?|milliseconds?|s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?)$")]
    private static partial Regex UnitDurationRegex();

    [GeneratedRegex("^[0-9a-fA-F]{24}$")]
    private static partial Regex ObjectIdRegex();

    [GeneratedRegex("^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")]
    private static partial Regex HexColorRegex();

    [GeneratedRegex(@"^rgb\(\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*,\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*,\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*\)$")]
    private static partial Regex RgbColorRegex();

    [GeneratedRegex(@"^\d{3}[- ]?\d{2}[- ]?\d{4}$")]
    private static partial Regex SsnRegex();

    [GeneratedRegex("^(?:4[0-9]{12}(?:[0-9]{3})?|5[1-5][0-9]{14}|6(?:011|5[0-9][0-9])[0-9]{12}|3[47][0-9]{13}|3(?:0[0-5]|[68][0-9])[0-9]{11}|(?:2131|1800|35[0-9]{3})[0-9]{11})$")]
    private static partial Regex CreditCardRegex();
}
