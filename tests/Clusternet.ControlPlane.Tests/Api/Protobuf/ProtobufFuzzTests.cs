using System.Diagnostics;
using Clusternet.ControlPlane.Api.Protobuf;

namespace Clusternet.ControlPlane.Tests.Api.Protobuf;

/// <summary>Random corruptions of valid bodies fail only with the decoder's own exceptions, and quickly.</summary>
public sealed class ProtobufFuzzTests
{
    [Fact]
    public void Mutated_bodies_throw_only_decode_or_unsupported_kind_exceptions()
    {
        var seeds = new[] { "core.v1.ConfigMap", "core.v1.Secret", "core.v1.Namespace", "core.v1.ServiceAccount", "core.v1.Service", "apps.v1.Deployment" }
            .Select(name => ProtobufGoldenVectorTests.Load(name).Body)
            .ToArray();
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
