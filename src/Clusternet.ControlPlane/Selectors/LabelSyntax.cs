using System.Text;

namespace Clusternet.ControlPlane.Selectors;

/// <summary>
/// The label key and value grammar of Kubernetes, with the explanations kube-apiserver gives when a key or value breaks it.
/// </summary>
/// <remarks>
/// A key is an optional DNS-1123 subdomain prefix (at most 253 bytes, lower case) and <c>/</c>, then a name of at most
/// 63 bytes of <c>[A-Za-z0-9]</c>, with <c>-</c>, <c>_</c> and <c>.</c> allowed inside. A value follows the name rule
/// but may also be empty. Lengths are in UTF-8 bytes because Go measures strings in bytes; any non-ASCII character
/// fails the character rule anyway.
/// </remarks>
internal static class LabelSyntax
{
    private const int NameMaxLength = 63;
    private const int PrefixMaxLength = 253;

    private const string NameRegex = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private const string NameRule = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    private const string NameExamples = "(e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '" + NameRegex + "')";

    private const string ValueRegex = "(" + NameRegex + ")?";
    private const string ValueRule = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    private const string ValueExamples = "(e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '" + ValueRegex + "')";

    private const string SubdomainRegex = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
    private const string SubdomainRule = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
    private const string SubdomainExamples = "(e.g. 'example.com', regex used for validation is '" + SubdomainRegex + "')";

    /// <summary>The reasons <paramref name="key"/> is not a label key; empty when it is one.</summary>
    public static List<string> KeyErrors(string key)
    {
        var errors = new List<string>();
        var parts = key.Split('/');
        string name;
        switch (parts.Length)
        {
            case 1:
                name = parts[0];
                break;
            case 2:
                var prefix = parts[0];
                name = parts[1];
                if (prefix.Length == 0)
                {
                    errors.Add("prefix part must be non-empty");
                }
                else
                {
                    if (Encoding.UTF8.GetByteCount(prefix) > PrefixMaxLength)
                    {
                        errors.Add("prefix part must be no more than 253 bytes");
                    }

                    if (!IsSubdomain(prefix))
                    {
                        errors.Add("prefix part " + SubdomainRule + " " + SubdomainExamples);
                    }
                }

                break;
            default:
                // More than one slash: kube-apiserver gives one sentence for the whole key and checks nothing else.
                errors.Add("a valid label key " + NameRule + " " + NameExamples +
                    " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
                return errors;
        }

        if (name.Length == 0)
        {
            errors.Add("name part must be non-empty");
        }
        else if (Encoding.UTF8.GetByteCount(name) > NameMaxLength)
        {
            errors.Add("name part must be no more than 63 bytes");
        }

        if (!IsName(name))
        {
            errors.Add("name part " + NameRule + " " + NameExamples);
        }

        return errors;
    }

    /// <summary>The reasons <paramref name="value"/> is not a label value; empty when it is one.</summary>
    public static List<string> ValueErrors(string value)
    {
        var errors = new List<string>();
        if (Encoding.UTF8.GetByteCount(value) > NameMaxLength)
        {
            errors.Add("must be no more than 63 bytes");
        }

        if (value.Length != 0 && !IsName(value))
        {
            errors.Add(ValueRule + " " + ValueExamples);
        }

        return errors;
    }

    /// <summary>Whether <paramref name="value"/> is a valid label value (what label maps on objects must hold).</summary>
    public static bool IsValue(string value) => value.Length <= NameMaxLength && (value.Length == 0 || IsName(value));

    private static bool IsName(string name)
    {
        if (name.Length == 0 || !IsAlphanumeric(name[0]) || !IsAlphanumeric(name[^1]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!IsAlphanumeric(c) && c != '-' && c != '_' && c != '.')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsSubdomain(string text)
    {
        foreach (var label in text.Split('.'))
        {
            if (label.Length == 0 || !IsLowerAlphanumeric(label[0]) || !IsLowerAlphanumeric(label[^1]))
            {
                return false;
            }

            foreach (var c in label)
            {
                if (!IsLowerAlphanumeric(c) && c != '-')
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool IsAlphanumeric(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9');

    private static bool IsLowerAlphanumeric(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9');
}
