namespace Clusternet.ControlPlane.Security.Authorization.Rbac;

/// <summary>
/// Whether one set of rules grants everything another does, as kube's escalation check and the bootstrap-policy
/// reconciler decide it: each requested rule is broken down into single group × resource × verb (× name) or URL × verb
/// rules, and each of those must be covered by one owned rule.
/// </summary>
internal static class RuleCoverage
{
    /// <summary>The broken-down rules of <paramref name="requested"/> that no rule in <paramref name="owned"/> covers.</summary>
    public static List<PolicyRule> Missing(IReadOnlyList<PolicyRule> owned, IEnumerable<PolicyRule> requested)
    {
        var missing = new List<PolicyRule>();
        foreach (var single in requested.SelectMany(Breakdown))
        {
            if (!owned.Any(o => Covers(o, single)))
            {
                missing.Add(single);
            }
        }

        return missing;
    }

    /// <summary>
    /// The missing rules as kube lists them in a Forbidden message: rules on one group and one resource (and at most
    /// one name) merged with their verbs in order, each in compact form, sorted, one a line.
    /// </summary>
    public static string Describe(IEnumerable<PolicyRule> missing)
    {
        var merged = new Dictionary<(string, string, string?), List<string>>();
        var compact = new List<PolicyRule>();
        foreach (var rule in missing)
        {
            if (rule.NonResourceUrls.Length == 0 && rule.ApiGroups.Length == 1 && rule.Resources.Length == 1 && rule.ResourceNames.Length <= 1)
            {
                var key = (rule.ApiGroups[0], rule.Resources[0], rule.ResourceNames.FirstOrDefault());
                if (!merged.TryGetValue(key, out var verbs))
                {
                    merged[key] = verbs = [];
                }

                verbs.AddRange(rule.Verbs.Where(v => !verbs.Contains(v)));
            }
            else
            {
                compact.Add(rule);
            }
        }

        compact.AddRange(merged.Select(m => PolicyRule.ForResources([.. m.Value], [m.Key.Item1], [m.Key.Item2], m.Key.Item3 is { } name ? [name] : null)));
        return string.Join("\n", compact.Select(r => r.CompactString()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
    }

    /// <summary>One rule per group × resource × verb (× name), and per URL × verb.</summary>
    public static IEnumerable<PolicyRule> Breakdown(PolicyRule rule)
    {
        foreach (var group in rule.ApiGroups)
        {
            foreach (var resource in rule.Resources)
            {
                foreach (var verb in rule.Verbs)
                {
                    if (rule.ResourceNames.Length == 0)
                    {
                        yield return PolicyRule.ForResources([verb], [group], [resource]);
                        continue;
                    }

                    foreach (var name in rule.ResourceNames)
                    {
                        yield return PolicyRule.ForResources([verb], [group], [resource], [name]);
                    }
                }
            }
        }

        foreach (var url in rule.NonResourceUrls)
        {
            foreach (var verb in rule.Verbs)
            {
                yield return PolicyRule.ForUrls([verb], [url]);
            }
        }
    }

    /// <summary>Whether <paramref name="owner"/> grants all of <paramref name="sub"/>.</summary>
    public static bool Covers(PolicyRule owner, PolicyRule sub)
    {
        var verbs = owner.Verbs.Contains("*") || sub.Verbs.All(owner.Verbs.Contains);
        var groups = owner.ApiGroups.Contains("*") || sub.ApiGroups.All(owner.ApiGroups.Contains);
        var resources = ResourcesCover(owner.Resources, sub.Resources);
        var urls = sub.NonResourceUrls.All(path => owner.NonResourceUrls.Any(o => o == path || (o.EndsWith('*') && path.StartsWith(o.TrimEnd('*'), StringComparison.Ordinal))));
        var names = sub.ResourceNames.Length == 0
            ? owner.ResourceNames.Length == 0
            : owner.ResourceNames.Length == 0 || sub.ResourceNames.All(owner.ResourceNames.Contains);
        return verbs && groups && resources && urls && names;
    }

    // "*" covers everything; otherwise each resource must be listed, or for "r/sub" a "*/sub" entry must be.
    private static bool ResourcesCover(string[] owned, string[] requested)
    {
        if (owned.Contains("*"))
        {
            return true;
        }

        foreach (var resource in requested)
        {
            if (owned.Contains(resource))
            {
                continue;
            }

            var slash = resource.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0 || !owned.Contains("*/" + resource[(slash + 1)..]))
            {
                return false;
            }
        }

        return true;
    }
}
