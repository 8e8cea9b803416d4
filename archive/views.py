from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from .models import Visit


def home(request):
    return redirect("archive:visit-list")


def visit_list(request):
    visits = Visit.objects.public().prefetch_related("officials", "provinces", "cities")
    page = Paginator(visits, 50).get_page(request.GET.get("page"))
    return render(request, "archive/visit_list.html", {"page": page})


def visit_detail(request, pk):
    visit = get_object_or_404(
        Visit.objects.public().prefetch_related(
            "officials", "accompanying", "provinces", "cities", "enterprises", "themes", "sources"
        ),
        pk=pk,
    )
    return render(request, "archive/visit_detail.html", {"visit": visit})
