using System.Reflection;
using System.Text.Json.Nodes;
using Clusternet.Apis.Apps.V1Alpha1;
using Clusternet.Apis.Clusters.V1Beta1;
using Clusternet.Apis.Schema;
using Clusternet.Client.Tests.Support;
using Clusternet.ControlPlane.Validation;
using Clusternet.Testing;
using k8s;
using k8s.Models;

namespace Clusternet.Client.Tests.Schema;

/// <summary>
/// Every model, fully populated, serializes to JSON that upstream's CRD for its kind accepts as it is: kube-apiserver
/// prunes none of it and finds no error (types, required, enums, patterns, formats, bounds), and the JSON has every
/// field upstream's schema names under the kind's top-level fields, down to where a Kubernetes type takes over.
/// </summary>
public sealed class FullyPopulatedModelTests
{
    private static readonly StructuralSchemaPruner Pruner = new();
    private static readonly StructuralSchemaValidator Validator = new();

    public static TheoryData<string> CustomResourceKinds()
    {
        var data = new TheoryData<string>();
        foreach (var type in typeof(Feed).Assembly.GetTypes()
                     .Where(t => t.IsDefined(typeof(CustomResourceAttribute)))
                     .OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            data.Add(type.FullName!);
        }

        return data;
    }

    [UpstreamTheory]
    [MemberData(nameof(CustomResourceKinds))]
    public void FullyPopulatedModelHasNoFieldUpstreamsCrdLacks(string typeName)
    {
        var (schema, json) = PopulatedKind(typeName);

        var pruned = Pruner.Prune(schema, json);

        Assert.True(pruned.Count == 0, $"{typeName}: upstream's CRD prunes {pruned.Count} field(s) the model writes:\n  " + string.Join("\n  ", pruned));
    }

    [UpstreamTheory]
    [MemberData(nameof(CustomResourceKinds))]
    public void FullyPopulatedModelValidatesAgainstUpstreamsCrd(string typeName)
    {
        var (schema, json) = PopulatedKind(typeName);

        var errors = Validator.Validate(schema, json);

        Assert.True(errors.Count == 0, $"{typeName}: upstream's CRD rejects the populated model with {errors.Count} error(s):\n  " + string.Join("\n  ", errors));
    }

    [UpstreamTheory]
    [MemberData(nameof(CustomResourceKinds))]
    public void FullyPopulatedModelHasEveryFieldOfUpstreamsCrd(string typeName)
    {
        var (schema, json) = PopulatedKind(typeName);

        var missing = SchemaCoverage.MissingPaths(schema, json, KindType(typeName));

        Assert.True(missing.Count == 0, $"{typeName}: the populated model lacks {missing.Count} field(s) of upstream's CRD:\n  " + string.Join("\n  ", missing));
    }

    [UpstreamFact]
    public void UnsupportedSchedulingStrategyIsReported()
    {
        var subscription = ModelPopulator.Populate<Subscription>();
        subscription.Spec.SchedulingStrategy = "RoundRobin";
        var (schema, json) = Serialized(subscription);

        Assert.Equal(
            ["spec.schedulingStrategy: Unsupported value: \"RoundRobin\": supported values: \"Replication\", \"Dividing\""],
            Validator.Validate(schema, json).Select(e => e.ToString()));
    }

    [UpstreamFact]
    public void OverlongClusterNameIsReported()
    {
        var request = ModelPopulator.Populate<ClusterRegistrationRequest>();
        request.Spec.ClusterName = new string('a', 31);
        var (schema, json) = Serialized(request);

        Assert.Equal(
            ["spec.clusterName: Too long: may not be more than 30 bytes"],
            Validator.Validate(schema, json).Select(e => e.ToString()));
    }

    [UpstreamFact]
    public void FieldUnknownToUpstreamIsReportedAsPruned()
    {
        var (schema, json) = Serialized(ModelPopulator.Populate<Subscription>());
        json["spec"]!["subscribers"]![0]!["roundRobin"] = true;

        Assert.Equal(["spec.subscribers[0].roundRobin"], Pruner.Prune(schema, json));
    }

    [UpstreamFact]
    public void FieldTheModelLacksIsReportedAsMissing()
    {
        var (schema, json) = Serialized(ModelPopulator.Populate<Subscription>());
        json["spec"]!["dividingScheduling"]!.AsObject().Remove("dynamicDividing");
        json["status"]!.AsObject().Remove("specHash");

        Assert.Equal(
            ["spec.dividingScheduling.dynamicDividing", "status.specHash"],
            SchemaCoverage.MissingPaths(schema, json, typeof(Subscription)));
    }

    [Fact]
    public void PopulatorRefusesAPatternItHasNoValueFor()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ModelPopulator.Populate<UnknownPatternModel>());

        Assert.Equal("UnknownPatternModel.Code: no valid value known for [Pattern(\"^[A-Z]{3}$\")]; add one to ModelPopulator's pattern table", error.Message);
    }

    [Fact]
    public void PopulatedConditionCarriesValuesKubernetesAccepts()
    {
        var condition = ModelPopulator.Populate<ManagedClusterStatus>().Conditions![0];

        Assert.Equal(("Ready", "True", "AsExpected", ModelPopulator.Time), (condition.Type, condition.Status, condition.Reason, condition.LastTransitionTime));
    }

    private static (V1JSONSchemaProps Schema, JsonNode Json) PopulatedKind(string typeName) =>
        Serialized(ModelPopulator.Populate(KindType(typeName)));

    private static Type KindType(string typeName) => typeof(Feed).Assembly.GetType(typeName, throwOnError: true)!;

    /// <summary>The kind as a client writes it (apiVersion, kind, a name and, when namespaced, a namespace) and its upstream schema.</summary>
    private static (V1JSONSchemaProps Schema, JsonNode Json) Serialized(object model)
    {
        var type = model.GetType();
        var entity = type.GetCustomAttribute<KubernetesEntityAttribute>()!;
        var resource = type.GetCustomAttribute<CustomResourceAttribute>()!;
        var kubernetesObject = (IKubernetesObject<V1ObjectMeta>)model;
        kubernetesObject.ApiVersion = entity.Group + "/" + entity.ApiVersion;
        kubernetesObject.Kind = entity.Kind;
        kubernetesObject.Metadata = new V1ObjectMeta
        {
            Name = "populated",
            NamespaceProperty = resource.Scope == ResourceScope.Namespaced ? "default" : null,
        };

        var json = JsonNode.Parse(KubernetesJson.Serialize(model))!;
        return (UpstreamSchema(entity), json);
    }

    private static V1JSONSchemaProps UpstreamSchema(KubernetesEntityAttribute entity)
    {
        var file = Path.Combine(RepositoryPaths.UpstreamCrds!, $"{entity.Group}_{entity.PluralName}.yaml");
        var crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(File.ReadAllText(file));
        return crd.Spec.Versions.Single(v => v.Name == entity.ApiVersion && v.Served).Schema.OpenAPIV3Schema;
    }

    /// <summary>A model with a pattern the populator's table does not know.</summary>
    public sealed class UnknownPatternModel
    {
        /// <summary>A three-letter code.</summary>
        [Pattern("^[A-Z]{3}$")]
        public string? Code { get; set; }
    }
}
