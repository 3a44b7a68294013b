/* The result as an SVG address map (placeholder until the renderer lands). */
#include "result.h"
#include "strbuf.h"

void aksnet__write_svg(aksnet__strbuf *b, const aksnet_result *r)
{
    aksnet__sb_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                       "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1200\" height=\"40\">"
                       "<title>");
    aksnet__sb_xml_str(b, r->plan_name ? r->plan_name : "libaksnet plan");
    aksnet__sb_puts(b, "</title></svg>\n");
}
