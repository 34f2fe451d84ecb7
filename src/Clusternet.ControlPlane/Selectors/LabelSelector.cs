using System.Text.Json.Nodes;

namespace Clusternet.ControlPlane.Selectors;

/// <summary>
/// A parsed label selector (the <c>labelSelector</c> query parameter, or a <c>metav1.LabelSelector</c> of an object):
/// an AND of <see cref="LabelRequirement"/>s, kept sorted by key as apimachinery keeps them.
/// </summary>
public sealed class LabelSelector
{
    private readonly LabelRequirement[] requirements;
    private readonly bool matchesNothing;

    private LabelSelector(LabelRequirement[] requirements, bool matchesNothing)
    {
        this.requirements = requirements;
        this.matchesNothing = matchesNothing;
    }

    /// <summary>The selector that matches every object (an empty <c>labelSelector</c>, or <c>{}</c>).</summary>
    public static LabelSelector Everything { get; } = new([], matchesNothing: false);

    /// <summary>The selector that matches no object (a missing <c>metav1.LabelSelector</c>, as in a PodDisruptionBudget).</summary>
    public static LabelSelector Nothing { get; } = new([], matchesNothing: true);

    /// <summary>The requirements, sorted by key (stable for equal keys).</summary>
    public IReadOnlyList<LabelRequirement> Requirements => requirements;

    /// <summary>Whether the selector restricts nothing (<see cref="Everything"/>).</summary>
    public bool IsEmpty => !matchesNothing && requirements.Length == 0;

    /// <summary>
    /// Parses selector syntax: <c>k=v</c>, <c>k==v</c>, <c>k!=v</c>, <c>k in (a,b)</c>, <c>k notin (a,b)</c>, <c>k</c>,
    /// <c>!k</c>, <c>k&gt;5</c>, <c>k&lt;5</c>, joined by commas. Null, empty or blank text gives <see cref="Everything"/>.
    /// </summary>
    /// <param name="selector">The selector text, URL-decoded.</param>
    /// <exception cref="SelectorParseException">The text is not a selector; the message is kube-apiserver's.</exception>
    public static LabelSelector Parse(string? selector)
    {
        if (string.IsNullOrEmpty(selector))
        {
            return Everything;
        }

        var parsed = LabelSelectorParser.Parse(selector);
        return parsed.Count == 0 ? Everything : new LabelSelector(SortByKey(parsed), matchesNothing: false);
    }

    /// <summary>
    /// Converts a <c>metav1.LabelSelector</c> (<c>matchLabels</c> and <c>matchExpressions</c> with In, NotIn, Exists,
    /// DoesNotExist) into a selector. Null gives <see cref="Nothing"/>; an object with neither list gives <see cref="Everything"/>.
    /// </summary>
    /// <param name="selector">The selector object as it appears in a spec, e.g. <c>spec.selector</c>.</param>
    /// <exception cref="SelectorParseException">A key, value or operator is invalid; the message is kube-apiserver's.</exception>
    public static LabelSelector FromObject(JsonObject? selector) => LabelSelectorObject.Convert(selector);

    /// <summary>The same conversion as <see cref="FromObject(JsonObject?)"/>, from the typed model controllers hold.</summary>
    /// <param name="selector">The selector, e.g. a Deployment's <c>Spec.Selector</c>.</param>
    /// <exception cref="SelectorParseException">A key, value or operator is invalid; the message is kube-apiserver's.</exception>
    public static LabelSelector FromObject(k8s.Models.V1LabelSelector? selector) => LabelSelectorObject.Convert(selector);

    /// <summary>Whether a label set satisfies every requirement. A null set is the empty set.</summary>
    /// <param name="labels">The labels of an object.</param>
    public bool Matches(IReadOnlyDictionary<string, string>? labels)
    {
        if (matchesNothing)
        {
            return false;
        }

        foreach (var requirement in requirements)
        {
            string? value = null;
            var present = labels is not null && labels.TryGetValue(requirement.Key, out value);
            if (!requirement.Matches(present, value))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether the object's <c>metadata.labels</c> satisfy every requirement.</summary>
    /// <param name="obj">A Kubernetes object.</param>
    public bool Matches(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (matchesNothing)
        {
            return false;
        }

        var labels = (obj["metadata"] as JsonObject)?["labels"] as JsonObject;
        foreach (var requirement in requirements)
        {
            string? value = null;
            var present = false;
            if (labels is not null && labels.TryGetPropertyValue(requirement.Key, out var node))
            {
                // Label values are strings; a label holding anything else (only possible in unvalidated data) is absent.
                present = node is JsonValue scalar && scalar.TryGetValue(out value);
            }

            if (!requirement.Matches(present, value))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The selector in canonical syntax, as apimachinery's <c>String()</c> prints it: requirements sorted by key,
    /// joined by <c>,</c> without spaces, set values sorted. <see cref="Everything"/> and <see cref="Nothing"/> print empty.
    /// </summary>
    public override string ToString() => string.Join(',', requirements.Select(r => r.ToString()));

    internal static LabelSelector FromRequirements(List<LabelRequirement> parsed) =>
        parsed.Count == 0 ? Everything : new LabelSelector(SortByKey(parsed), matchesNothing: false);

    private static LabelRequirement[] SortByKey(List<LabelRequirement> parsed) =>
        [.. parsed.OrderBy(r => r.Key, StringComparer.Ordinal)];
}
