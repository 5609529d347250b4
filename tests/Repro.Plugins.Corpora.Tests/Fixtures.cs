using System.IO.Compression;
using System.Text;
using Repro.Plugins.Corpora.Gcide;

namespace Repro.Plugins.Corpora.Tests;

/// <summary>Tiny copies of each source, in its real format.</summary>
internal static class Fixtures
{
    public static string Brown(TempFolder dir)
    {
        dir.Write("brown/cats.txt", "ca01 news\ncb01 editorial\n");
        dir.Write("brown/ca01", "\n\n\tThe/at jury/nn said/vbd ``/`` no/at evidence/nn ''/'' was/bedz found/vbn ./.\n\n\n\tShort/jj ./.\n\n\n\tIt/pps rained/vbd (/( again/rb )/) ;/. 1/2/cd inch/nn fell/vbd ./.\n");
        dir.Write("brown/cb01", "\n\n\tthe/at JURY/nn said/vbd ``/`` no/at evidence/nn ''/'' was/bedz found/vbn ./.\n\n\tEditors/nns do/do n't/* agree/vb ,/, he/pps said/vbd ./.\n");
        return "brown";
    }

    /// <summary>data.noun with the licence header, a hypernym with three hyponyms, and two repeated glosses.</summary>
    public static string WordNet(TempFolder dir)
    {
        var lines = new[]
        {
            "  1 This software and database is being provided to you, the LICENSEE, by  ",
            "00000001 05 n 01 animal 0 003 ~ 00000002 n 0000 ~ 00000003 n 0000 ~ 00000004 n 0000 | a living organism that feeds on organic matter  ",
            "00000002 05 n 02 dog 0 domestic_dog 0 001 @ 00000001 n 0000 | a member of the genus Canis; \"the dog barked all night\"  ",
            "00000003 05 n 01 cat 0 001 @ 00000001 n 0000 | feline mammal usually having thick soft fur  ",
            "00000004 05 n 01 Bird 0 001 @ 00000001 n 0000 | warm-blooded egg-laying vertebrates  ",
            "00000005 18 n 01 dog 1 000 | a dull unattractive unpleasant girl or woman  ",
            "00000006 06 n 01 hotdog 0 000 | a smooth-textured sausage  ",
            "00000007 13 n 01 frank 0 000 | a smooth-textured sausage  ",
            "00000008 06 n 01 wiener 0 000 | A smooth-textured  sausage  ",
            "00000009 18 n 01 person 0 000 | a human being  ",
            "00000010 18 n 01 individual 0 000 | a human being  ",
        };
        dir.Write("wn/data.noun", string.Join("\n", lines) + "\n");
        return "wn";
    }

    /// <summary>A gcide.dict.dz (gzip) and gcide.index holding four entries, one of them WordNet 1.5 only.</summary>
    public static string Gcide(TempFolder dir)
    {
        string[] entries =
        [
            "00-database-short\n   test dictionary\n",
            "Wolf \\Wolf\\, n. [AS. wulf.]\n   [1913 Webster]\n   1. (Zool.) Any one of several species of wild carnivores\n      allied to the dog. --Knight.\n      [1913 Webster]\n\n   2. (Law) A wrongful act [Obs.] done by a person.\n      [1913 Webster]\n\n   Note: wolves hunt (Zool.) in packs.\n         [1913 Webster]\n\n   {Wolf spider} (Zool.), a spider that runs down its [oe]prey.\n      [1913 Webster]\n",
            "Tort \\Tort\\, n.\n   (Law) Any civil wrong or injury.\n   [1913 Webster]\n",
            "Tort \\Tort\\, a.\n   (Zool.) Stretched tight like the skin of a drum.\n   [1913 Webster]\n\n   2. (Bot.) Any civil wrong or injury.\n      [1913 Webster]\n",
            "Aorta \\Aorta\\ n.\n   1. (Anat.) the main artery of the body\n\n   Syn: main artery\n        [WordNet 1.5 +PJC]\n",
        ];
        var data = new MemoryStream();
        var index = new StringBuilder();
        foreach (var entry in entries)
        {
            var bytes = Encoding.UTF8.GetBytes(entry);
            var name = entry.Split(' ', '\n')[0];
            index.Append($"{name}\t{GcideReader.Encode(data.Length)}\t{GcideReader.Encode(bytes.Length)}\n");
            if (name == "Wolf") index.Append($"Wolf spider\t{GcideReader.Encode(data.Length)}\t{GcideReader.Encode(bytes.Length)}\n");
            data.Write(bytes);
        }
        Directory.CreateDirectory(Path.Combine(dir.Path, "dictd"));
        using (var gzip = new GZipStream(File.Create(Path.Combine(dir.Path, "dictd", "gcide.dict.dz")), CompressionLevel.Optimal))
            gzip.Write(data.ToArray());
        dir.Write("dictd/gcide.index", index.ToString());
        return "dictd";
    }

    public static string Sentiment(TempFolder dir)
    {
        static string Items(string prefix, int count) => "[" + string.Join(",", Enumerable.Range(0, count).Select(i => $"{{\"text\":\"{prefix} sentence number {i}.\",\"class\":{i % 2}}}"))
            + ",{\"text\":\"Same text everywhere.\",\"class\":1},{\"text\":\"\",\"class\":null}]";
        dir.Write("sentiment/test/fixtures/amazon.json", Items("amazon", 40));
        dir.Write("sentiment/test/fixtures/imdb.json", Items("imdb", 40));
        dir.Write("sentiment/test/fixtures/yelp.json", Items("yelp", 40));
        return "sentiment";
    }

    public static string Spam(TempFolder dir)
    {
        dir.Write("spam/data/easy-ham-1/00001.aaa.txt", "From someone  Thu Aug 22 2002\nReceived: from x\n\tby y\nSubject: [SAdev] Meeting\n  tomorrow\nFrom: a@b.c\n\nSee you at noon.\n> quoted reply line\nBye.\n");
        dir.Write("spam/data/spam-1/00001.bbb.txt",
            "From: spammer@x.y\nSubject: Win money\nContent-Type: multipart/alternative; boundary=\"XYZ\"\n\n--XYZ\nContent-Type: text/html\n\n<html><style>p{}</style><p>Click <b>here</b> now</p></html>\n--XYZ\nContent-Type: text/plain\nContent-Transfer-Encoding: quoted-printable\n\nClick here =\nnow =3D cash\n--XYZ--\n");
        dir.Write("spam/data/spam-2/00002.ccc.txt", "Subject: Win money\n\n" + string.Join(' ', Enumerable.Range(0, 300).Select(i => $"w{i}")) + "\n");
        dir.Write("spam/data/file_list.json", "[\"easy-ham-1/00001.aaa.txt\",\"spam-1/00001.bbb.txt\",\"spam-2/00002.ccc.txt\"]");
        return "spam";
    }
}
