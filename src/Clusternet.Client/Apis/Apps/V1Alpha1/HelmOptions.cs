using System.Text.Json.Serialization;
using Clusternet.Apis.Schema;

namespace Clusternet.Apis.Apps.V1Alpha1;

/// <summary>
/// Where a Helm chart comes from and how Helm installs it. HelmChart and HelmRelease specs inherit
/// these fields, so they sit directly under <c>spec</c>.
/// </summary>
public class HelmOptions
{
    /// <summary>The chart repository URL; <c>http</c>, <c>https</c> and <c>oci</c> schemes are accepted.</summary>
    [Required]
    [Pattern(@"^(http|https|oci)?://(?:[a-zA-Z]|[0-9]|[$-_@.&+]|[!*\(\),]|(?:%[0-9a-fA-F][0-9a-fA-F]))+$")]
    [JsonPropertyName("repo")]
    public string Repo { get; set; } = "";

    /// <summary>The Secret with the repository's credentials (data keys <c>username</c> and <c>password</c>).</summary>
    [JsonPropertyName("chartPullSecret")]
    public ChartPullSecret? ChartPullSecret { get; set; }

    /// <summary>Talk plain HTTP to an OCI registry.</summary>
    [JsonPropertyName("plainHTTP")]
    public bool? PlainHTTP { get; set; }

    /// <summary>The chart's name in the repository.</summary>
    [Required]
    [JsonPropertyName("chart")]
    public string Chart { get; set; } = "";

    /// <summary>The chart version; the latest when unset.</summary>
    [JsonPropertyName("version")]
    public string? Version { get; set; }

    /// <summary>Create the target namespace when installing. Unset lets the server default it to true; an explicit false is kept.</summary>
    [Default("true")]
    [JsonPropertyName("createNamespace")]
    public bool? CreateNamespace { get; set; }

    /// <summary>How long, in seconds, an install, upgrade, rollback or uninstall may take. The server defaults it to 300.</summary>
    [Default("300")]
    [JsonPropertyName("timeoutSeconds")]
    public int? TimeoutSeconds { get; set; }

    /// <summary>Wait for the release's resources to be ready after an install, upgrade or uninstall.</summary>
    [JsonPropertyName("wait")]
    public bool? Wait { get; set; }

    /// <summary>When waiting after an upgrade, also wait for Jobs to finish.</summary>
    [JsonPropertyName("waitForJob")]
    public bool? WaitForJob { get; set; }

    /// <summary>Allow reusing the name of a release that was deleted.</summary>
    [JsonPropertyName("replace")]
    public bool? Replace { get; set; }

    /// <summary>Uninstall the release when its install fails.</summary>
    [JsonPropertyName("atomic")]
    public bool? Atomic { get; set; }

    /// <summary>Roll the release back when an upgrade fails.</summary>
    [JsonPropertyName("upgradeAtomic")]
    public bool? UpgradeAtomic { get; set; }

    /// <summary>Do not install the chart's CRDs.</summary>
    [JsonPropertyName("skipCRDs")]
    public bool? SkipCRDs { get; set; }

    /// <summary>Replace the CRDs of the chart and its subcharts before an install or upgrade; ignored when CRDs are skipped.</summary>
    [JsonPropertyName("replaceCRDs")]
    public bool? ReplaceCRDs { get; set; }

    /// <summary>Do not run the chart's hooks.</summary>
    [JsonPropertyName("disableHooks")]
    public bool? DisableHooks { get; set; }

    /// <summary>Force resource updates during an upgrade.</summary>
    [JsonPropertyName("force")]
    public bool? Force { get; set; }
}

/// <summary>A reference to the Secret that holds a chart repository's credentials.</summary>
public class ChartPullSecret
{
    /// <summary>The Secret's name.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>The Secret's namespace.</summary>
    [JsonPropertyName("namespace")]
    public string? Namespace { get; set; }
}
