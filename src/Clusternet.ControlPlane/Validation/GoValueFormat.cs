using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Clusternet.ControlPlane.Validation;

/// <summary>
/// Renders values the way Go's <c>fmt</c> does in Kubernetes' messages (<c>%q</c> for strings, <c>%v</c> for numbers),
/// so our messages are byte-for-byte those kube-apiserver sends.
/// </summary>
internal static class GoValueFormat
{
    /// <summary>A bad value inside a <c>field.Error</c> message: strings quoted, numbers and booleans bare, compounds as JSON.</summary>
    public static string Value(JsonNode? node) => JsonData.KindOf(node) switch
    {
        JsonDataKind.Null => "null",
        JsonDataKind.String => Quote(node!.GetValue<string>()),
        JsonDataKind.Boolean => node!.GetValue<bool>() ? "true" : "false",
        JsonDataKind.Integer => JsonData.ReadNumber(node!).Integer.ToString(CultureInfo.InvariantCulture),
        JsonDataKind.Number => Float(JsonData.ReadNumber(node!).Float),
        _ => JsonData.CanonicalJson(node),
    };

    /// <summary>Go's <c>strconv.Quote</c>: double quotes, backslash escapes for quotes, backslashes and control characters.</summary>
    public static string Quote(string text)
    {
        var builder = new StringBuilder(text.Length + 2);
        builder.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\a': builder.Append("\\a"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\v': builder.Append("\\v"); break;
                default:
                    if (c < 0x20 || c == 0x7f)
                    {
                        builder.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append('"').ToString();
    }

    /// <summary>
    /// Go's <c>%v</c> of a <c>float64</c>: the shortest digits that round-trip, in exponent form (<c>1e+06</c>) when the
    /// decimal exponent is below -4 or at least 6.
    /// </summary>
    public static string Float(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "+Inf" : "-Inf";
        }

        if (value == 0)
        {
            return double.IsNegative(value) ? "-0" : "0";
        }

        var (digits, exponent) = ShortestDigits(value);
        var sign = value < 0 ? "-" : string.Empty;

        // %v is %g with the shortest precision, and Go's %g then switches to exponent form when the
        // decimal exponent is below -4 or at least 6: 123456 stays, 1e+06 and 1.234567e+06 do not.
        const int eprec = 6;
        if (exponent < -4 || exponent >= eprec)
        {
            var mantissa = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
            var exponentSign = exponent < 0 ? "-" : "+";
            var exponentDigits = Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
            return sign + mantissa + "e" + exponentSign + exponentDigits;
        }

        return sign + Positional(digits, exponent);
    }

    /// <summary>Go's <c>json.Marshal</c> of a <c>float64</c>: positional between 1e-6 and 1e21, else exponent form.</summary>
    public static string JsonFloat(double value)
    {
        if (value == 0)
        {
            return "0";
        }

        var (digits, exponent) = ShortestDigits(value);
        var sign = value < 0 ? "-" : string.Empty;
        var abs = Math.Abs(value);
        if (abs < 1e-6 || abs >= 1e21)
        {
            var mantissa = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString(CultureInfo.InvariantCulture);
        }

        return sign + Positional(digits, exponent);
    }

    private static string Positional(string digits, int exponent)
    {
        if (exponent < 0)
        {
            return "0." + new string('0', -exponent - 1) + digits;
        }

        if (exponent + 1 >= digits.Length)
        {
            return digits + new string('0', exponent + 1 - digits.Length);
        }

        return digits[..(exponent + 1)] + "." + digits[(exponent + 1)..];
    }

    /// <summary>The shortest round-trip significant digits of |value| and its decimal exponent (d.ddd × 10^exponent).</summary>
    private static (string Digits, int Exponent) ShortestDigits(double value)
    {
        var roundTrip = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);

        // "R" gives the shortest round-trip text; normalise it to digits and an exponent.
        var exponent = 0;
        var mantissaText = roundTrip;
        var e = roundTrip.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(roundTrip[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            mantissaText = roundTrip[..e];
        }

        var dot = mantissaText.IndexOf('.', StringComparison.Ordinal);
        var integerPart = dot < 0 ? mantissaText : mantissaText[..dot];
        var fractionPart = dot < 0 ? string.Empty : mantissaText[(dot + 1)..];
        var all = integerPart + fractionPart;
        var leadingZeros = 0;
        while (leadingZeros < all.Length - 1 && all[leadingZeros] == '0')
        {
            leadingZeros++;
        }

        var digits = all[leadingZeros..].TrimEnd('0');
        if (digits.Length == 0)
        {
            digits = "0";
        }

        exponent += integerPart.Length - 1 - leadingZeros;
        return (digits, exponent);
    }
}
