using System.Diagnostics;
using Clusternet.ControlPlane.Api.Protobuf;
using Clusternet.ControlPlane.Tests.Api.Protobuf.Support;

namespace Clusternet.ControlPlane.Tests.Api.Protobuf;

/// <summary>Random corruptions of valid bodies fail only with the decoder's own exceptions, and quickly.</summary>
public sealed class ProtobufFuzzTests
{
    [Fact]
    public void Mutated_bodies_throw_only_decode_or_unsupported_kind_exceptions()
    {
        // Valid bodies of every supported kind, built field by field as Go's generated code orders them.
        var seeds = new[]
        {
            ProtoWriter.Envelope("v1", "ConfigMap", c => c.Message(1, GoMessages.ObjectMeta("cm1", "team-a")).StringEntry(2, "a", "1").BytesEntry(3, "bin", [0, 1, 2, 255])),
            ProtoWriter.Envelope("v1", "Secret", s => s.Message(1, GoMessages.ObjectMeta("s1")).BytesEntry(2, "password", "s3cr3t"u8.ToArray()).String(3, "Opaque")),
            ProtoWriter.Envelope("v1", "Namespace", n => n.Message(1, GoMessages.ObjectMeta("ns1")).Message(2, _ => { }).Message(3, st => st.String(1, string.Empty))),
            ProtoWriter.Envelope("v1", "ServiceAccount", a => a.Message(1, GoMessages.ObjectMeta("sa1", "team-a")).Bool(4, false)),
            ProtoWriter.Envelope("v1", "Service", s => s.Message(1, GoMessages.ObjectMeta("web")).Message(2, ProtobufKindDecodingTests.ServiceSpec)),
            ProtoWriter.Envelope("apps/v1", "Deployment", d => d.Message(1, GoMessages.ObjectMeta("web")).Message(2, ProtobufKindDecodingTests.DeploymentSpec(replicas: 2))),
        };
        var random = new Random(20240601);
        var stopwatch = Stopwatch.StartNew();
        var outcomes = new int[3];

        for (var i = 0; i < 4000; i++)
        {
            var body = Mutate(seeds[i % seeds.Length], random);
            try
            {
                ProtobufObjectDecoder.Decode(body);
                outcomes[0]++;
            }
            catch (ProtobufDecodeException)
            {
                outcomes[1]++;
            }
            catch (UnsupportedProtobufKindException)
            {
                outcomes[2]++;
            }
            catch (Exception exception)
            {
                Assert.Fail($"mutation {i} threw {exception.GetType().Name}: {exception.Message}\nbody: {Convert.ToHexString(body)}");
            }
        }

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed}");
        Assert.True(outcomes[0] > 0 && outcomes[1] > 0, $"decoded {outcomes[0]}, malformed {outcomes[1]}, unsupported {outcomes[2]}");
    }

    private static byte[] Mutate(byte[] seed, Random random)
    {
        var body = seed.ToList();
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits && body.Count > 0; e++)
        {
            // Keep the prefix most of the time so the mutations reach the message decoders.
            var at = random.Next(random.Next(10) == 0 ? 0 : Math.Min(4, body.Count - 1), body.Count);
            switch (random.Next(6))
            {
                case 0:
                    body[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    body[at] = (byte)random.Next(256);
                    break;
                case 2:
                    body.RemoveRange(at, body.Count - at);
                    break;
                case 3:
                    body.Insert(at, (byte)random.Next(256));
                    break;
                case 4:
                    body.RemoveAt(at);
                    break;
                default:
                    body[at] = random.Next(2) == 0 ? (byte)0xFF : (byte)0x80;
                    break;
            }
        }

        return [.. body];
    }
}
