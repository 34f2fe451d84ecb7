using System.Globalization;
using System.Text;

namespace Clusternet.Clients;

/// <summary>
/// The query of one request, in the parameter names and value spellings the apiserver decodes
/// (<c>metav1.ListOptions</c>, <c>CreateOptions</c>, <c>PatchOptions</c>, …). Unset options are left out so
/// the server's defaults apply.
/// </summary>
internal sealed class QueryString
{
    private readonly StringBuilder text = new();

    public QueryString Add(string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            text.Append(text.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }

        return this;
    }

    public QueryString Add(string name, long? value) =>
        value is { } v ? Add(name, v.ToString(CultureInfo.InvariantCulture)) : this;

    public QueryString Add(string name, bool? value) =>
        value is { } v ? Add(name, v ? "true" : "false") : this;

    /// <summary><c>dryRun=All</c>, the only dry-run value the apiserver accepts.</summary>
    public QueryString AddDryRun(bool dryRun) => dryRun ? Add("dryRun", "All") : this;

    public QueryString AddList(ListOptions? options)
    {
        if (options is null)
        {
            return this;
        }

        return Add("labelSelector", options.LabelSelector)
            .Add("fieldSelector", options.FieldSelector)
            .Add("limit", options.Limit)
            .Add("continue", options.Continue)
            .Add("resourceVersion", options.ResourceVersion)
            .Add("resourceVersionMatch", options.ResourceVersionMatch)
            .Add("timeoutSeconds", options.TimeoutSeconds);
    }

    public QueryString AddWatch(WatchOptions options)
    {
        Add("watch", "true")
            .Add("labelSelector", options.LabelSelector)
            .Add("fieldSelector", options.FieldSelector)
            .Add("resourceVersion", options.ResourceVersion)
            .Add("timeoutSeconds", options.TimeoutSeconds);
        if (options.AllowWatchBookmarks)
        {
            Add("allowWatchBookmarks", true);
        }

        // A watch-list (initial state as events) is only defined with NotOlderThan: the server rejects it otherwise.
        if (options.SendInitialEvents is { } initial)
        {
            Add("sendInitialEvents", initial);
            if (initial)
            {
                Add("resourceVersionMatch", "NotOlderThan");
            }
        }

        return this;
    }

    public override string ToString() => text.ToString();
}
