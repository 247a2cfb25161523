package dev.probity.report.html;

/**
 * The Chart.js bundle that every HTML page inlines, so pages open offline. The bundle (Chart.js 4.4.1 with
 * @kurkle/color 0.3.2 inside) is MIT-licensed; MIT asks that the permission notice travel with every copy, so the
 * script starts with both notices. {@code </script} inside the bundle is escaped so it cannot end the element.
 */
public final class ChartJs {
    private static final String BUNDLE = "/META-INF/resources/webjars/chart.js/4.4.1/dist/chart.umd.js";
    private static final String LICENSE = "/META-INF/resources/webjars/chart.js/4.4.1/LICENSE.md";
    private static final String KURKLE = """
            @kurkle/color 0.3.2 (bundled in Chart.js)
            The MIT License (MIT)

            Copyright (c) 2018-2021 Jukka Kurkela

            Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated \
            documentation files (the "Software"), to deal in the Software without restriction, including without limitation \
            the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and to \
            permit persons to whom the Software is furnished to do so, subject to the following conditions:

            The above copyright notice and this permission notice shall be included in all copies or substantial portions of \
            the Software.

            THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO \
            THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE \
            AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, \
            TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE \
            SOFTWARE.
            """;
    private static volatile String script;

    private ChartJs() {
    }

    /** The text of the {@code <script>} element: both license notices in a comment, then the bundle. */
    public static String script() {
        String s = script;
        if (s == null) {
            String notices = "Chart.js 4.4.1\n" + AuditHtml.resource(LICENSE).strip() + "\n\n" + KURKLE;
            s = "/*!\n" + notices.replace("*/", "* /") + "\n*/\n" + AuditHtml.resource(BUNDLE);
            s = s.replace("</script", "<\\/script");
            script = s;
        }
        return s;
    }
}
