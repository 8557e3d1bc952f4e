"""The partner authorities added for the referral strategy, named in Spanish and
Tagalog too, like every piece of reference data a worker may see."""

from django.db import migrations

# code: (Spanish, Tagalog)
PARTNERS = {
    "gac": ("Asuntos Mundiales Canadá", "Kagawaran ng Ugnayang Panlabas ng Canada (Global Affairs Canada)"),
    "nl-ls": ("División de Normas Laborales (Terranova y Labrador)",
              "Dibisyon ng mga Pamantayan sa Paggawa (Newfoundland and Labrador)"),
    "nl-ohs": ("División de Salud y Seguridad Laboral de Terranova y Labrador",
               "Dibisyon ng Kaligtasan sa Trabaho ng Newfoundland and Labrador"),
    "pe-es": ("Dirección de Normas de Empleo (Isla del Príncipe Eduardo)",
              "Sangay ng mga Pamantayan sa Trabaho (Prince Edward Island)"),
    "ns-ls": ("División de Normas Laborales (Nueva Escocia)",
              "Dibisyon ng mga Pamantayan sa Paggawa (Nova Scotia)"),
    "nb-es": ("Dirección de Normas de Empleo (Nuevo Brunswick)",
              "Sangay ng mga Pamantayan sa Trabaho (New Brunswick)"),
    "mb-es": ("Normas de Empleo (Manitoba)", "Mga Pamantayan sa Trabaho (Manitoba)"),
    "mb-sh": ("Dirección de Seguridad y Salud en el Trabajo (Manitoba)",
              "Sangay ng Kaligtasan at Kalusugan sa Trabaho (Manitoba)"),
    "sk-es": ("División de Normas de Empleo de Saskatchewan",
              "Dibisyon ng mga Pamantayan sa Trabaho ng Saskatchewan"),
    "yt-es": ("Oficina de Normas de Empleo (Yukón)", "Tanggapan ng mga Pamantayan sa Trabaho (Yukon)"),
    "yt-wscb": ("Junta de Seguridad e Indemnización de los Trabajadores de Yukón",
                "Lupon ng Kaligtasan at Bayad-pinsala ng Manggagawa ng Yukon"),
    "nt-es": ("Oficina de Normas de Empleo (Territorios del Noroeste)",
              "Tanggapan ng mga Pamantayan sa Trabaho (Northwest Territories)"),
    "nt-wscc": ("Comisión de Seguridad e Indemnización de los Trabajadores (Territorios del Noroeste y Nunavut)",
                "Komisyon ng Kaligtasan at Bayad-pinsala ng Manggagawa (Northwest Territories at Nunavut)"),
    "nu-ls": ("Oficina de Cumplimiento de Normas Laborales (Nunavut)",
              "Tanggapan ng Pagsunod sa mga Pamantayan sa Paggawa (Nunavut)"),
    "nu-wscc": ("Comisión de Seguridad e Indemnización de los Trabajadores (Territorios del Noroeste y Nunavut)",
                "Komisyon ng Kaligtasan at Bayad-pinsala ng Manggagawa (Northwest Territories at Nunavut)"),
}


def fill(apps, schema_editor):
    Partner = apps.get_model("intake", "Partner")
    for code, (name_es, name_tl) in PARTNERS.items():
        Partner.objects.filter(code=code).update(name_es=name_es, name_tl=name_tl)


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0007_lang_names_in_four_languages"),
        ("intake", "0008_ref_partners"),
    ]
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
