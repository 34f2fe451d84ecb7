using System.Security.Cryptography.X509Certificates;
using Clusternet.Runtime.Agent;
using Clusternet.Runtime.Tests.Agent.Support;
using Clusternet.Runtime.Tests.Tunnel.Support;

namespace Clusternet.Runtime.Tests.Agent;

public sealed class SecureBootstrapTests
{
    [Fact]
    public async Task With_the_parent_ca_registration_verifies_the_parent()
    {
        await using var bed = await AgentTestBed.StartAsync();
        var agent = await bed.StartAgentAsync(bed.Options(o =>
        {
            o.ParentCertificateAuthority = [bed.Parent.CertificateAuthority];
            o.InsecureSkipParentTlsVerifyOnBootstrap = false;
        }));

        await agent.WaitForAsync(s => s.Phase == ClusternetAgentPhase.Registered);
    }

    [Fact]
    public async Task With_a_foreign_ca_the_parent_is_not_trusted_and_nothing_is_registered()
    {
        await using var bed = await AgentTestBed.StartAsync();
        var agent = await bed.StartAgentAsync(bed.Options(o =>
        {
            o.ParentCertificateAuthority = [X509CertificateLoader.LoadCertificate(TestCertificate.Instance.RawData)];
            o.InsecureSkipParentTlsVerifyOnBootstrap = false;
        }));

        var status = await agent.WaitForAsync(s => s.ClusterId is not null && s.Message is not null);

        Assert.NotEqual(ClusternetAgentPhase.Registered, status.Phase);
        Assert.Empty(bed.Approver!.Approved);
    }
}
