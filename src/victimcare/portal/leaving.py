"""Exit this page: the portal forgets the visitor, then sends them to a neutral site.

GOV.UK's exit-this-page component (the button, or Shift pressed 3 times) follows the
button's link. The link comes here first, so the server deletes the visitor's session:
an unfinished self-referral, Find support answers, a Track my case sign-in, a confirmation.
Pressing it leaves nothing for the next person at the same computer to find.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.views.decorators.http import require_http_methods

from victimcare.core.access import public_view


@public_view
@require_http_methods(["GET", "POST"])
def exit_this_page(request: HttpRequest) -> HttpResponse:
    request.session.flush()  # the session row is deleted and its cookie expired
    response = HttpResponseRedirect(settings.VCH_EXIT_PAGE_URL)
    # The neutral site must not learn where the visitor came from, and the browser drops
    # its copies of the portal's pages (Back shows nothing typed).
    response["Referrer-Policy"] = "no-referrer"
    response["Clear-Site-Data"] = '"cache", "storage"'
    return response
