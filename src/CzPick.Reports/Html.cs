using System.Globalization;
using System.Text;

namespace CzPick.Reports;

/// <summary>
/// The frame every report page shares: one self-contained HTML document with inline CSS, a Content-Security-Policy
/// that forbids loading anything (images are data: URIs), a layout that reflows to one column on a phone, and a small
/// script that records on &lt;body&gt; how many images decoded (data-images, data-images-loaded) and how wide the page
/// laid out (data-scroll-width), so that a headless browser can prove every image decoded and nothing overflows a phone.
/// </summary>
static class Html
{
    const string Style = """
        *{box-sizing:border-box}
        body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#1b1b1b;background:#fff}
        main{max-width:1240px;margin:0 auto;padding:12px 14px 40px}
        h1{font-size:1.45rem;margin:.3em 0 .1em;overflow-wrap:anywhere}
        h2{font-size:1.1rem;margin:1.4em 0 .5em;padding-bottom:.2em;border-bottom:1px solid #ddd}
        .meta{color:#555;margin:.2em 0}
        .note{background:#fff4ce;border-left:4px solid #e0b100;padding:6px 10px;margin:.6em 0}
        .scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;max-width:100%}
        table{border-collapse:collapse;font-variant-numeric:tabular-nums;white-space:nowrap}
        th,td{padding:4px 10px;border-bottom:1px solid #e3e3e3;text-align:right}
        th:first-child,td:first-child{text-align:left}
        thead th{background:#f4f4f4}
        tfoot th,tfoot td{font-weight:700;border-top:2px solid #bbb}
        .swatch{display:inline-block;width:.85em;height:.85em;border-radius:50%;margin-right:.45em;vertical-align:-.05em;border:1px solid rgba(0,0,0,.35)}
        figure{margin:0}
        img{display:block;width:100%;max-width:100%;height:auto;background:#000}
        figcaption{font-size:.85rem;color:#555;margin-top:3px}
        .ortho,.slices,.histograms{display:grid;gap:12px}
        .ortho{grid-template-columns:repeat(auto-fit,minmax(min(100%,320px),1fr));align-items:start}
        .slices{grid-template-columns:repeat(auto-fill,minmax(min(100%,300px),1fr))}
        .histograms{grid-template-columns:repeat(auto-fill,minmax(min(100%,230px),1fr))}
        .histogram{width:100%;height:auto;color:#444}
        .headline{font-size:1.15rem;margin:.4em 0}
        .legend{display:flex;flex-wrap:wrap;gap:4px 18px;font-size:.9rem;margin:.4em 0}
        .legend svg{vertical-align:middle;margin-right:.35em}
        a{color:#0b5cad}
        @media (min-width:900px){.ortho{grid-template-columns:2fr 1fr;grid-template-rows:auto 1fr}.ortho figure:first-child{grid-row:span 2}}
        @media (max-width:600px){body{font-size:14px}main{padding:8px 10px 30px}th,td{padding:3px 6px}.slices{grid-template-columns:1fr 1fr;gap:8px}}
        """;

    const string ImageCheck = """
        (function(){function mark(){var images=document.images,loaded=0;for(var i=0;i<images.length;i++){if(images[i].complete&&images[i].naturalWidth>0){loaded++;}else{console.error('image '+i+' did not decode: '+images[i].alt);}}document.body.setAttribute('data-images',String(images.length));document.body.setAttribute('data-images-loaded',String(loaded));document.body.setAttribute('data-scroll-width',String(document.documentElement.scrollWidth));}if(document.readyState==='complete'){mark();}else{window.addEventListener('load',mark);}})();
        """;

    /// <summary>
    /// Escapes the five characters that are markup in element content and quoted attribute values. Everything else
    /// stays as it is (the page is UTF-8), so that "Å" reads as "Å" in the source too.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <returns>The escaped text.</returns>
    public static string Encode(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal)
            .Replace("\"", "&quot;", StringComparison.Ordinal)
            .Replace("'", "&#39;", StringComparison.Ordinal);

    /// <summary>Formats a number with the invariant culture.</summary>
    /// <param name="value">The number.</param>
    /// <param name="format">The format, e.g. "0.000".</param>
    /// <returns>The text.</returns>
    public static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>Writes everything up to and including the opening of &lt;main&gt;.</summary>
    /// <param name="html">Receives the HTML.</param>
    /// <param name="title">The page title.</param>
    public static void Begin(StringBuilder html, string title)
    {
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n");
        html.Append(CultureInfo.InvariantCulture, $"<title>{Encode(title)}</title>\n<style>\n{Style}</style>\n</head>\n<body>\n<main>\n");
    }

    /// <summary>Closes &lt;main&gt; and the document, with the image check.</summary>
    /// <param name="html">Receives the HTML.</param>
    public static void End(StringBuilder html)
    {
        html.Append(CultureInfo.InvariantCulture, $"</main>\n<script>\n{ImageCheck}</script>\n</body>\n</html>\n");
    }

    /// <summary>Returns a round colour swatch.</summary>
    /// <param name="colorHex">The colour, e.g. "#0075dc".</param>
    /// <returns>A &lt;span&gt; element.</returns>
    public static string Swatch(string colorHex) => $"<span class=\"swatch\" style=\"background:{colorHex}\"></span>";
}
