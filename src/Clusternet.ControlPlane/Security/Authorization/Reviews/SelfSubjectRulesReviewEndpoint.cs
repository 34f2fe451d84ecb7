using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Api;
using Clusternet.ControlPlane.Api.Rest;
using Microsoft.AspNetCore.Http;

namespace Clusternet.ControlPlane.Security.Authorization.Reviews;

/// <summary>
/// <c>authorization.k8s.io/v1</c> SelfSubjectRulesReview: what the caller may do in <c>spec.namespace</c>, as the rules
/// the rule resolvers report (<c>kubectl auth can-i --list</c>). As upstream, the rules of every resolver are joined,
/// <c>incomplete</c> is set when any could not say everything, and their errors are joined into
/// <c>evaluationError</c>. With authorization off everything is allowed, so the rules are the wildcard ones; with no
/// resolver at all the list is empty and marked incomplete, since other authorizers may still allow more.
/// </summary>
internal sealed class SelfSubjectRulesReviewEndpoint(AuthorizationChain authorization, IReadOnlyList<IRuleResolver> resolvers, long maxBodyBytes) : ICreateOnlyEndpoint
{
    private const string KindName = "SelfSubjectRulesReview";

    private static readonly ResolvedRules Everything = new(
        [new ResourceRule(["*"], ["*"], ["*"], [])],
        [new NonResourceRule(["*"], ["*"])],
        Incomplete: false,
        EvaluationError: null);

    public string Group => "authorization.k8s.io";

    public string Resource => "selfsubjectrulesreviews";

    public string? Subresource => null;

    public async Task HandleAsync(ResourceRequest request)
    {
        if (request.Info.Name is not null)
        {
            throw ResourceErrors.MethodNotAllowed("create");
        }

        var body = new ReviewBody(KindName);
        var review = await RequestBody.ReadObjectAsync(request.Context, maxBodyBytes).ConfigureAwait(false);
        var ns = body.String(body.Object(review, "spec", "spec"), "namespace", "spec.namespace");
        if (ns.Length == 0)
        {
            throw ResourceErrors.BadRequest("no namespace on request");
        }

        var rules = await RulesForAsync(RequestUser.Get(request.Context), ns, request.Aborted).ConfigureAwait(false);
        var status = new JsonObject
        {
            ["resourceRules"] = new JsonArray([.. rules.ResourceRules.Select(ToJson)]),
            ["nonResourceRules"] = new JsonArray([.. rules.NonResourceRules.Select(ToJson)]),
            ["incomplete"] = rules.Incomplete,
        };
        if (rules.EvaluationError is { Length: > 0 } error)
        {
            status["evaluationError"] = error;
        }

        // Upstream answers a new object: the spec is not echoed.
        var answer = new JsonObject
        {
            ["kind"] = KindName,
            ["apiVersion"] = Group + "/v1",
            ["metadata"] = new JsonObject(),
            ["spec"] = new JsonObject(),
            ["status"] = status,
        };
        await ObjectResponse.WriteAsync(request.Context, answer, StatusCodes.Status201Created).ConfigureAwait(false);
    }

    private async ValueTask<ResolvedRules> RulesForAsync(UserInfo user, string ns, CancellationToken cancellationToken)
    {
        if (!authorization.Enabled)
        {
            return Everything;
        }

        if (resolvers.Count == 0)
        {
            return new ResolvedRules([], [], Incomplete: true, EvaluationError: null);
        }

        var resourceRules = new List<ResourceRule>();
        var nonResourceRules = new List<NonResourceRule>();
        var incomplete = false;
        var errors = new List<string>();
        foreach (var resolver in resolvers)
        {
            var rules = await resolver.RulesForAsync(user, ns, cancellationToken).ConfigureAwait(false);
            resourceRules.AddRange(rules.ResourceRules);
            nonResourceRules.AddRange(rules.NonResourceRules);
            incomplete |= rules.Incomplete;
            if (rules.EvaluationError is { Length: > 0 } error)
            {
                errors.Add(error);
            }
        }

        // Go's error aggregate: one error reads alone, several are bracketed and comma-separated.
        var evaluationError = errors.Count switch
        {
            0 => null,
            1 => errors[0],
            _ => "[" + string.Join(", ", errors) + "]",
        };
        return new ResolvedRules(resourceRules, nonResourceRules, incomplete, evaluationError);
    }

    private static JsonNode ToJson(ResourceRule rule)
    {
        var json = new JsonObject { ["verbs"] = Strings(rule.Verbs) };
        if (rule.ApiGroups.Count > 0)
        {
            json["apiGroups"] = Strings(rule.ApiGroups);
        }

        if (rule.Resources.Count > 0)
        {
            json["resources"] = Strings(rule.Resources);
        }

        if (rule.ResourceNames.Count > 0)
        {
            json["resourceNames"] = Strings(rule.ResourceNames);
        }

        return json;
    }

    private static JsonNode ToJson(NonResourceRule rule)
    {
        var json = new JsonObject { ["verbs"] = Strings(rule.Verbs) };
        if (rule.NonResourceUrls.Count > 0)
        {
            json["nonResourceURLs"] = Strings(rule.NonResourceUrls);
        }

        return json;
    }

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);
}
